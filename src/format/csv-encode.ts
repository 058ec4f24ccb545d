/**
 * The `file_csv` row encoded straight into a file's write buffer: the same bytes as
 * `Buffer.from(formatCsvCached(record, cache))`, without the string of the quoted `extra` cell.
 *
 * The `extra` cell is JSON with every `"` doubled. As a string that is a regex replace, a new
 * string and its copy into the buffer: about a third of a CSV row's cost, and garbage on every
 * record (measured in a three-file fan-out: csvCell was the largest function after GC). Here the
 * JSON is encoded once and its quotes are doubled in place, in the bytes: in UTF-8 the byte
 * 0x22 is always the character `"` (bytes of multi-byte characters are 0x80 and above).
 * The time and the level/levelno/logger/msg cells are copied from bytes the sink's cache keeps.
 * Rows that are not the common case (an exception, `extra` that needs a formula guard or
 * U+FFFD, or no quotes, a year outside 0000 to 9999) are written from formatCsv's string.
 */
import type { LogRecord } from "../core/record.js";
import { extraJson } from "./extra-json.js";
import { csvHeadTailBytes, formatCsvCached, isQuotedAsIs } from "./csv.js";
import { encodeIsoTimeCached, hasPlainIsoTime, ISO_TIME_BYTES } from "./time.js";
import type { FormatCache } from "./format-cache.js";
import { encodeText } from "../core/encode-text.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Writes `record`'s CSV row into `buffer` at `offset` and returns its length in bytes, or -1
 * (nothing written that counts) when the row might not fit in the bytes left.
 */
export function encodeCsvCached(record: LogRecord, buffer: Buffer, offset: number, cache: FormatCache): number {
  const extra = record.extra === undefined || record.exc !== undefined || !hasPlainIsoTime(record.time) ? undefined : extraJson(record, cache);
  if (extra === undefined || !isQuotedAsIs(extra)) return encodeText(formatCsvCached(record, cache), buffer, offset);
  const head = csvHeadTailBytes(record, cache);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; a doubled quote takes 2. Plus `"` `",\r\n`.
  if (ISO_TIME_BYTES + head.length + extra.length * 3 + 5 > buffer.length - offset) return -1;
  // A four-digit year's time cell is the ISO time as it is (csv.ts timeCell).
  let position = encodeIsoTimeCached(record.time, cache, buffer, offset);
  buffer.set(head, position);
  position += head.length;
  buffer[position++] = QUOTE;
  position = writeAsciiQuotesDoubled(extra, buffer, position);
  buffer[position++] = QUOTE;
  buffer[position++] = COMMA; // the empty `exc` cell follows
  buffer[position++] = CR;
  buffer[position++] = LF;
  return position - offset;
}

/**
 * Writes `text` at `start` with every `"` doubled and returns the position after it: character
 * by character while they are ASCII (one pass, no call into buffer.write, which costs more than
 * the copy for the usual 70-character `extra`), else encoded by buffer.write and its quotes
 * doubled in the bytes. The caller has checked the room: 3 bytes per code unit.
 */
function writeAsciiQuotesDoubled(text: string, buffer: Buffer, start: number): number {
  let position = start;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) return doubleQuotes(buffer, start, start + buffer.write(text, start));
    buffer[position++] = code;
    if (code === QUOTE) buffer[position++] = QUOTE;
  }
  return position;
}

/**
 * Doubles every `"` in `buffer[start, end)`, moving the bytes after each one right, from the end
 * backwards so nothing is overwritten before it is moved. Returns the new end. The caller has
 * checked that there is room for one more byte per quote.
 */
function doubleQuotes(buffer: Buffer, start: number, end: number): number {
  let quotes = 0;
  for (let index = start; index < end; index++) if (buffer[index] === QUOTE) quotes++;
  let from = end - 1;
  let to = from + quotes;
  while (from < to) {
    const byte = buffer[from--];
    buffer[to--] = byte;
    if (byte === QUOTE) buffer[to--] = QUOTE;
  }
  return end + quotes;
}
