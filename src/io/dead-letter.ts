import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The dead-letter file: NDJSON of the records remote sinks could not deliver. It takes finished
 * lines (`formatDeadLetter` makes them) and only writes them.
 *
 * Appends are synchronous on purpose: this is written on the exit path and after deadlines,
 * when nothing asynchronous is guaranteed to run again. It is opened only when first needed.
 */
export class DeadLetterFile {
  readonly path: string;

  constructor(filePath: string) {
    this.path = path.resolve(filePath);
  }

  /** Appends the lines (each ending in "\n"); returns how many reached the file. Throws when it cannot write. */
  append(lines: readonly string[]): number {
    if (lines.length === 0) return 0;
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    fs.appendFileSync(this.path, lines.join(""));
    return lines.length;
  }
}
