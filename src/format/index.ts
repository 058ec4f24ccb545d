/**
 * The formats: pure functions from a record to the text a sink writes. One file per format;
 * this file only gathers them and maps a file format's name to its function.
 */
import type { LogRecord } from "../core/record.js";
import { formatCsv, formatCsvCached } from "./csv.js";
import type { FormatCache } from "./format-cache.js";
import { formatJson, formatJsonCached } from "./json.js";
import { formatMarkdown, formatMarkdownCached } from "./markdown.js";
import { formatText, formatTextCached } from "./text.js";
import { encodeCsvCached } from "./csv-encode.js";
import { encodeTextLineCached } from "./text-encode.js";
import { encodeJsonLineCached } from "./json-encode.js";
import type { RecordEncoder } from "../core/encode-text.js";

export { isoTime, INVALID_TIME } from "./time.js";
export { escapeControl, escapeControlLines, escapeHtml, needsEscape, toWellFormed } from "./escape.js";
export { truncate } from "../core/truncate.js";
export { renderException } from "./exception.js";
export { formatJson } from "./json.js";
export { formatText, CONTINUATION } from "./text.js";
export { formatCsv, csvCell, CSV_COLUMNS, CSV_HEADER } from "./csv.js";
export { formatMarkdown, markdownInline } from "./markdown.js";
export { formatTerminal, paintLevel, TERMINAL_MAX_CHARS, type TerminalFormatOptions } from "./terminal.js";

/** The formats a file sink can write. */
export type Format = "text" | "json" | "csv" | "markdown";

export type RecordFormatter = (record: LogRecord) => string;

const FORMATTERS: Readonly<Record<Format, RecordFormatter>> = Object.freeze({
  text: formatText,
  json: formatJson,
  csv: formatCsv,
  markdown: formatMarkdown,
});

/**
 * The formatter of a file format. The name is checked where configuration is read (FileSink,
 * the config codecs); an unknown one here falls back to `text` rather than fail on a write.
 */
export function formatterFor(format: Format): RecordFormatter {
  return Object.prototype.hasOwnProperty.call(FORMATTERS, format) ? FORMATTERS[format] : formatText;
}

/**
 * The formatter a file sink runs: {@link formatterFor}'s, with the sink's own `cache` (made
 * when the sink connects), so it skips work the records before already did. Same text. One
 * function per format rather than a table lookup, so each call site sees one formatter.
 */
export function cachedFormatterFor(format: Format, cache: FormatCache): RecordFormatter {
  switch (format) {
    case "json":
      return (record) => formatJsonCached(record, cache);
    case "csv":
      return (record) => formatCsvCached(record, cache);
    case "markdown":
      return (record) => formatMarkdownCached(record, cache);
    default:
      return (record) => formatTextCached(record, cache);
  }
}

/**
 * The encoder a file sink runs for a format that writes records straight into the write buffer
 * (CSV, text and JSON: see csv-encode.ts, text-encode.ts, json-encode.ts), with the sink's
 * `cache`; undefined for the formats written as text. Same bytes as the cached formatter's text.
 */
export function cachedEncoderFor(format: Format, cache: FormatCache): RecordEncoder<LogRecord> | undefined {
  switch (format) {
    case "csv":
      return (record, buffer, offset) => encodeCsvCached(record, buffer, offset, cache);
    case "text":
      return (record, buffer, offset) => encodeTextLineCached(record, buffer, offset, cache);
    case "json":
      return (record, buffer, offset) => encodeJsonLineCached(record, buffer, offset, cache);
    default:
      return undefined;
  }
}
