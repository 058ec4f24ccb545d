import * as fs from "node:fs";
import * as path from "node:path";
import { Logger, type LogRecord } from "../../src/index.js";
import { CaptureStream } from "./capture-stream.js";

const FILES = ["app.log", "app.ndjson", "app.csv", "app.md"];

/**
 * A Logger writing to every local output at once (terminal on capture streams, the four file
 * formats under `dir`) and a log$ subscriber, with `redact` set; `outputs()` returns the text
 * of all of them, for "no planted secret reaches any output" checks.
 */
export function everyOutputLogger(dir: string, redact: readonly string[]): { log: Logger; outputs: () => string[] } {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const log = new Logger("app", {
    cwd: dir,
    env: {},
    onWarning: () => {},
    terminalStreams: { stdout, stderr },
    redact,
    config: {
      dead_letter: { enabled: false },
      sinks: {
        terminal: { enabled: true, colors: false },
        file_text: { enabled: true, path: FILES[0] },
        file_json: { enabled: true, path: FILES[1] },
        file_csv: { enabled: true, path: FILES[2] },
        file_markdown: { enabled: true, path: FILES[3] },
      },
    },
  });
  const seen: LogRecord[] = [];
  log.log$.subscribe((record) => seen.push(record));
  const outputs = (): string[] => [
    ...FILES.map((name) => fs.readFileSync(path.join(dir, name), "utf8")),
    stdout.text,
    stderr.text,
    JSON.stringify(seen),
  ];
  return { log, outputs };
}
