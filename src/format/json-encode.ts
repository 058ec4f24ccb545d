/**
 * The `file_json` line encoded straight into a file's write buffer: the same bytes as
 * `Buffer.from(formatJsonCached(record, cache))`, without the line's string. The common line
 * (no exception, no span, a year 0000 to 9999) is written as its pieces: the time and the part
 * the level, logger and message make from bytes the sink's cache keeps, and `extra` written as it
 * is read (serialize/json-bytes.ts), or the shared text when the logger's other file sinks
 * share it. As one string, a line was about 1.6 KB of garbage a record, the largest part of a
 * burst's RSS growth (see json-bytes.ts). Other records are written from formatJson's string.
 */
import type { LogRecord } from "../core/record.js";
import { encodeText } from "../core/encode-text.js";
import { writeSafeStringify } from "../serialize/index.js";
import { extraJson } from "./extra-json.js";
import type { FormatCache } from "./format-cache.js";
import { formatJsonCached, jsonHeadTail } from "./json.js";
import { encodeIsoTimeCached, hasPlainIsoTime, ISO_TIME_BYTES } from "./time.js";

/** The line's first characters (ASCII). */
const LINE_START = '{"time":"';

/**
 * Writes `record`'s NDJSON line into `buffer` at `offset` and returns its length in bytes, or
 * -1 (nothing written that counts) when it might not fit in the bytes left.
 */
export function encodeJsonLineCached(record: LogRecord, buffer: Buffer, offset: number, cache: FormatCache): number {
  if (record.exc !== undefined || record.trace_id !== undefined || !hasPlainIsoTime(record.time)) {
    return encodeText(formatJsonCached(record, cache), buffer, offset);
  }
  const head = cache.headTailBytesOf("json", record, jsonHeadTail);
  if (LINE_START.length + ISO_TIME_BYTES + head.length > buffer.length - offset) return -1;
  buffer.write(LINE_START, offset, "latin1");
  let position = encodeIsoTimeCached(record.time, cache, buffer, offset + LINE_START.length);
  buffer.set(head, position);
  position += head.length;
  const out = cache.jsonBytes;
  out.start(buffer, position);
  if (record.extra !== undefined) {
    out.raw(',"extra":');
    // Shared with the logger's other file sinks: the text is made once for all of them.
    if (cache.extra?.shared === true) out.raw(extraJson(record, cache));
    else writeSafeStringify(record.extra, out);
  }
  out.raw("}\n");
  return out.overflow ? -1 : out.position - offset;
}
