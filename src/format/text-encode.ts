/**
 * The `file_text` line encoded straight into a file's write buffer: the same bytes as
 * `Buffer.from(formatTextCached(record, cache))`. The common line (an `extra`, no exception, no span,
 * a year 0000 to 9999) is written as its parts, each where it belongs, instead of first joined
 * into one new string and copied again (measured about a third of a text line's cost): the time
 * and the level/logger/message part from bytes the sink's cache keeps (no string made or
 * encoded per record), then the `extra` JSON the formats share (extraJson). Other records are
 * written from formatText's string.
 */
import type { LogRecord } from "../core/record.js";
import { extraJson } from "./extra-json.js";
import { escapeControl } from "./escape.js";
import { encodeText } from "../core/encode-text.js";
import { formatTextCached, textHeadTailBytes } from "./text.js";
import { encodeIsoTimeCached, hasPlainIsoTime, ISO_TIME_BYTES } from "./time.js";
import type { FormatCache } from "./format-cache.js";

const SPACE = 0x20;
const LF = 0x0a;

/**
 * Writes `record`'s text line into `buffer` at `offset` and returns its length in bytes, or -1
 * (nothing written that counts) when it might not fit in the bytes left.
 */
export function encodeTextLineCached(record: LogRecord, buffer: Buffer, offset: number, cache: FormatCache): number {
  if (record.extra === undefined || record.exc !== undefined || record.trace_id !== undefined || !hasPlainIsoTime(record.time)) {
    return encodeText(formatTextCached(record, cache), buffer, offset);
  }
  const head = textHeadTailBytes(record, cache);
  const extra = escapeControl(extraJson(record, cache));
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; plus the space and the newline.
  if (ISO_TIME_BYTES + head.length + extra.length * 3 + 2 > buffer.length - offset) return -1;
  let position = encodeIsoTimeCached(record.time, cache, buffer, offset);
  buffer.set(head, position);
  position += head.length;
  buffer[position++] = SPACE;
  position += buffer.write(extra, position);
  buffer[position++] = LF;
  return position - offset;
}
