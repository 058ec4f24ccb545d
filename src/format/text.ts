/**
 * The `file_text` format: one readable line a record, the exception indented below.
 *
 * ```
 * 2026-11-24T09:12:54.123Z ERROR    myapp: Database query timed out {"timeout_ms":5000}
 * 2026-11-24T09:12:54.124Z INFO     myapp: inside a span trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7
 * ```
 *
 * The only lines that start at column 0 are record lines, and each begins with its ISO
 * timestamp, so `grep`, `tail` and log shippers split records correctly whatever the user
 * logged (CWE-117). A newline in the message continues on the next line behind the marker
 * "    | "; an exception follows indented by four spaces (see exception.ts); `extra` is compact
 * JSON, whose newlines are already `\n`. Everything from the user passes escapeControl, so ESC,
 * CR, C1 and bidi controls appear as `\x1b`, `\r`, `\x9b`, `\u202e`, and lone surrogates as
 * U+FFFD: the file is valid UTF-8 and safe to `cat` on a terminal.
 */
import type { LogRecord } from "../core/record.js";
import { extraJson } from "./extra-json.js";
import { escapeControl, escapeControlLines } from "./escape.js";
import { renderException } from "./exception.js";
import { FormatCache } from "./format-cache.js";
import { paddedLevel } from "./level-label.js";
import { isoTimeCached } from "./time.js";

/** What follows a newline of the message: an indent and a marker, never column 0. */
export const CONTINUATION = "    | ";

/** Indentation of the exception block under its record line. */
const EXCEPTION_INDENT = "    ";

const LINE_BREAK = `\n${CONTINUATION}`;

/** One record as text: its line, continuation lines, then the exception, ending with "\n". */
export function formatText(record: LogRecord): string {
  return formatTextCached(record, new FormatCache());
}

/** {@link formatText} as a sink runs it: the same text, reusing what `cache` kept from the records before. */
export function formatTextCached(record: LogRecord, cache: FormatCache): string {
  let line = textLineHead(record, cache);
  if (record.extra !== undefined) line += ` ${escapeControl(extraJson(record, cache))}`;
  if (record.trace_id !== undefined) line += ` trace_id=${escapeControl(String(record.trace_id))} span_id=${escapeControl(String(record.span_id))}`;
  line += "\n";
  if (record.exc !== undefined) line += renderException(record.exc, EXCEPTION_INDENT);
  return line;
}

/** The record line up to the message's end: time, level, logger and message, escaped. */
function textLineHead(record: LogRecord, cache: FormatCache): string {
  return isoTimeCached(record.time, cache) + cache.headTailOf("text", record, textHeadTail);
}

/** {@link textLineHead} after the time, as UTF-8 bytes (for encoders: see FormatCache.headTailBytesOf). */
export function textHeadTailBytes(record: LogRecord, cache: FormatCache): Uint8Array {
  return cache.headTailBytesOf("text", record, textHeadTail);
}

/** The level, logger and message part of a text line, escaped, after the time. */
function textHeadTail({ level, logger, msg }: LogRecord): string {
  return ` ${paddedLevel(level)} ${escapeControl(logger)}: ${escapeControlLines(msg, LINE_BREAK)}`;
}
