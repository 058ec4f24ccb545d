import * as fs from "node:fs";
import * as path from "node:path";
import { formatJson } from "../format/json.js";
import type { LogRecord } from "../record.js";

/**
 * The dead-letter file: NDJSON of the records a remote sink could not deliver, each line the
 * record's own NDJSON with a `dead_letter` field saying which sink gave up and why.
 *
 * Appends are synchronous on purpose: this is written on the exit path and after deadlines,
 * when nothing asynchronous is guaranteed to run again. It is opened only when first needed.
 */
export class DeadLetterFile {
  readonly path: string;

  constructor(filePath: string) {
    this.path = path.resolve(filePath);
  }

  /** Appends the records; returns how many reached the file (0 when the file cannot be written). */
  append(sink: string, reason: string, records: readonly LogRecord[]): number {
    if (records.length === 0) return 0;
    const note = `,"dead_letter":${JSON.stringify({ sink, reason, at: new Date().toISOString() })}}\n`;
    let text = "";
    for (const record of records) {
      const line = formatJson(record);
      // A coalesced alert stands for `count` records: the dead letter keeps that count.
      const repeated = record.repeated === undefined ? "" : `,"repeated":${JSON.stringify(record.repeated)}`;
      // formatJson ends in "}\n": splice the notes in so each line stays one JSON object.
      text += line.slice(0, line.length - 2) + repeated + note;
    }
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    fs.appendFileSync(this.path, text);
    return records.length;
  }
}
