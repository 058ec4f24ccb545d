import type { LogRecord } from "../core/record.js";
import { toIJson } from "../serialize/index.js";
import { formatJson } from "./json.js";

/** Which sink gave up on a record, why, and when (epoch ms, from the logger's clock). */
export interface DeadLetterNote {
  readonly sink: string;
  readonly reason: string;
  readonly at: number;
}

/**
 * One line of the dead-letter file: the record's own NDJSON line with a `dead_letter` field
 * saying which sink gave up and why, and a coalesced alert's `repeated` count (the dead letter
 * keeps what the record stands for).
 */
export function formatDeadLetter(record: LogRecord, note: DeadLetterNote): string {
  const line = formatJson(record);
  const repeated = record.repeated === undefined ? "" : `,"repeated":${JSON.stringify(record.repeated)}`;
  const deadLetter = `,"dead_letter":${toIJson(JSON.stringify({ sink: note.sink, reason: note.reason, at: new Date(note.at).toISOString() }))}}\n`;
  // formatJson ends in "}\n": splice the fields in so each line stays one JSON object.
  return line.slice(0, line.length - 2) + repeated + deadLetter;
}
