/**
 * pino 10 with its own file destination (SonicBoom), in the two modes users pick between:
 * - async: `pino.destination({ dest, sync: false, minLength: 4096 })`, the fast mode pino's docs
 *   recommend; writes are gathered to 4 KiB and made with fs.write off the caller's stack;
 * - sync: `pino.destination({ dest, sync: true })`, one fs.writeSync per record.
 * Defaults otherwise (level, time, pid, hostname, msg in every line).
 */
import { once } from "node:events";
import * as path from "node:path";
import pino from "pino";
import { MESSAGE, ROUTE, type BenchLogger } from "../lib/common.js";

type Destination = ReturnType<typeof pino.destination>;

export function create(mode: "async" | "sync"): BenchLogger {
  let logger: pino.Logger | undefined;
  let destination: Destination | undefined;

  return {
    async setup(dir) {
      const file = path.join(dir, "app.ndjson");
      destination =
        mode === "async"
          ? pino.destination({ dest: file, sync: false, minLength: 4096 })
          : pino.destination({ dest: file, sync: true });
      // The file is opened before timing starts (async mode opens it in the background).
      // (SonicBoom's `fd` is -1 until then; it is not in its type declarations.)
      if ((destination as unknown as { fd: number }).fd < 0) await once(destination, "ready");
      logger = pino({ level: "info" }, destination);
      return { files: [{ path: file, format: "json", headerLines: 0 }] };
    },

    log(i) {
      logger!.info({ route: ROUTE, status: 200, duration_ms: i % 100, user_id: i }, MESSAGE);
    },

    disabledLog(i) {
      logger!.debug({ route: ROUTE, status: 200, duration_ms: i % 100, user_id: i }, MESSAGE);
    },

    async finish() {
      const dest = destination!;
      // end() writes what is buffered (waiting for a write in flight first), closes the file,
      // then emits 'finish' and 'close'.
      const closed = once(dest, "close");
      dest.end();
      await closed;
    },
  };
}
