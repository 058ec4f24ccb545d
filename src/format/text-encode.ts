/**
 * The `file_text` line encoded straight into a file's write buffer: the same bytes as
 * `Buffer.from(formatTextCached(record, cache))`. The common line (an `extra`, no exception, no span) is
 * written as its head and the `extra` JSON, which the formats share (extraJson), each encoded
 * where it belongs instead of first joined into one new string and copied again (measured
 * about a third of a text line's cost). Other records are written from formatText's string.
 */
import type { LogRecord } from "../core/record.js";
import { extraJson } from "./extra-json.js";
import { escapeControl } from "./escape.js";
import { encodeText } from "../core/encode-text.js";
import { formatTextCached, textLineHead } from "./text.js";
import type { FormatCache } from "./format-cache.js";

const SPACE = 0x20;
const LF = 0x0a;

/**
 * Writes `record`'s text line into `buffer` at `offset` and returns its length in bytes, or -1
 * (nothing written that counts) when it might not fit in the bytes left.
 */
export function encodeTextLineCached(record: LogRecord, buffer: Buffer, offset: number, cache: FormatCache): number {
  if (record.extra === undefined || record.exc !== undefined || record.trace_id !== undefined) {
    return encodeText(formatTextCached(record, cache), buffer, offset);
  }
  const head = textLineHead(record, cache);
  const extra = escapeControl(extraJson(record, cache));
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; plus the space and the newline.
  if ((head.length + extra.length) * 3 + 2 > buffer.length - offset) return -1;
  let position = offset + buffer.write(head, offset);
  buffer[position++] = SPACE;
  position += buffer.write(extra, position);
  buffer[position++] = LF;
  return position - offset;
}
