import * as fs from "node:fs";
import * as path from "node:path";
import { openAppendTarget, refuseSpecialAppendTarget } from "./append-target.js";

/**
 * The dead-letter file: NDJSON of the records remote sinks could not deliver. It takes finished
 * lines (`formatDeadLetter` makes them) and only writes them.
 *
 * Appends are synchronous on purpose: this is written on the exit path and after deadlines,
 * when nothing asynchronous is guaranteed to run again. It is opened only when first needed.
 */
export class DeadLetterFile {
  readonly path: string;

  /** Throws FlowlogSinkError when the path is a FIFO, socket or block device (see append-target). */
  constructor(filePath: string) {
    this.path = path.resolve(filePath);
    refuseSpecialAppendTarget(this.path, "dead-letter file");
  }

  /** Appends the lines (each ending in "\n"); returns how many reached the file. Throws when it cannot write. */
  append(lines: readonly string[]): number {
    if (lines.length === 0) return 0;
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    const { fd } = openAppendTarget(this.path, "dead-letter file");
    try {
      const data = Buffer.from(lines.join(""));
      // writeSync may write less than asked: loop until all of it is down.
      for (let offset = 0; offset < data.length; ) offset += fs.writeSync(fd, data, offset);
    } finally {
      fs.closeSync(fd);
    }
    return lines.length;
  }
}
