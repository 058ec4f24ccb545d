/**
 * winston 3 with its File transport and the JSON format (plus a timestamp, as flowlog and pino
 * write one): `winston.createLogger({ level: "info", format: combine(timestamp(), json()),
 * transports: [new winston.transports.File({ filename })] })`.
 *
 * Done means: `logger.end()`, then the logger's 'finish' AND the transport's 'finish' (winston
 * can emit the logger's before the file stream is flushed). The case runner still checks the
 * line count and waits for the file if it is short.
 */
import { once } from "node:events";
import * as path from "node:path";
import winston from "winston";
import { MESSAGE, ROUTE, type BenchLogger } from "../lib/common.js";

export function create(): BenchLogger {
  let logger: winston.Logger | undefined;
  let transport: InstanceType<typeof winston.transports.File> | undefined;

  return {
    async setup(dir) {
      const file = path.join(dir, "app.ndjson");
      transport = new winston.transports.File({ filename: file });
      const opened = once(transport, "open");
      logger = winston.createLogger({
        level: "info",
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
        transports: [transport],
      });
      // The file stream is opened in the background; wait for it (bounded) before timing.
      await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, 2000))]);
      return { files: [{ path: file, format: "json", headerLines: 0 }] };
    },

    log(i) {
      logger!.info(MESSAGE, { route: ROUTE, status: 200, duration_ms: i % 100, user_id: i });
    },

    disabledLog(i) {
      logger!.debug(MESSAGE, { route: ROUTE, status: 200, duration_ms: i % 100, user_id: i });
    },

    async finish() {
      const l = logger!;
      const t = transport!;
      const loggerFinished = l.writableFinished ? Promise.resolve() : once(l, "finish");
      const transportFinished = t.writableFinished ? Promise.resolve() : once(t, "finish");
      l.end();
      await loggerFinished;
      await transportFinished;
    },
  };
}
