/**
 * The `file_csv` format: RFC 4180, for spreadsheets and `csvkit`.
 *
 * ```
 * time,level,levelno,logger,msg,extra,exc
 * 2026-11-24T09:12:54.123Z,ERROR,40,myapp,Database query timed out,"{""timeout_ms"":5000}",
 * ```
 *
 * Rows and the header end in CRLF. A cell is quoted when it holds `"`, `,`, CR or LF, with
 * quotes doubled; an embedded newline stays inside its quoted cell, so a strict parser reads
 * exactly one row per record. `extra` (via safeStringify) and `exc` (plain data already) are JSON
 * text; an absent one is an empty cell.
 * Cells keep the user's text as data (control characters included), except lone surrogates,
 * which become U+FFFD so the file is valid UTF-8.
 *
 * Formula injection (OWASP "CSV Injection", CWE-1236): a spreadsheet runs a cell that starts
 * with `=`, `+`, `-`, `@`, TAB or CR. Such a cell gets a leading `'`, which spreadsheets take as
 * "this is text" and hide. The test is made on the first character that is not a space (U+0020,
 * NBSP or another Unicode space), since spreadsheets trim those, and again after every CR or LF
 * inside the cell, where some importers start a new cell: `'` is inserted right after that line
 * break. The rule is applied to text alone, so numeric-looking text is treated the same way:
 * `-5` is written `'-5`, consistently, as text. `levelno` is the one number flowlog writes
 * itself, and it is written plain.
 */
import type { LogRecord } from "../core/record.js";
import { extraJson } from "./extra-json.js";
import { toWellFormed } from "./escape.js";
import { FormatCache } from "./format-cache.js";
import { isoTimeCached } from "./time.js";
import { LEVEL_NAMES } from "../core/levels.js";

export const CSV_COLUMNS = Object.freeze(["time", "level", "levelno", "logger", "msg", "extra", "exc"] as const);

/** The first line of a CSV file, written once when the file is created. */
export const CSV_HEADER = `${CSV_COLUMNS.join(",")}\r\n`;

/** Cells holding any of these take the slow path: quoting, line checks, surrogates. */
const NEEDS_WORK = /[",\r\n\ud800-\udfff]/;
/** RFC 4180: a cell holding any of these is quoted. */
const MUST_QUOTE = /[",\r\n]/;
const LINE_BREAK = /[\r\n]/;
const QUOTES = /"/g;

/** One record as a CSV row ending in "\r\n". */
export function formatCsv(record: LogRecord): string {
  return formatCsvCached(record, new FormatCache());
}

/** {@link formatCsv} as a sink runs it: the same row, reusing what `cache` kept from the records before. */
export function formatCsvCached(record: LogRecord, cache: FormatCache): string {
  return `${csvRowHead(record, cache)}${record.extra === undefined ? "" : jsonCell(extraJson(record, cache))},${record.exc === undefined ? "" : jsonCell(JSON.stringify(record.exc))}\r\n`;
}

/** The row up to the `extra` cell: the time, level, levelno, logger and msg cells, each followed by its comma. */
function csvRowHead(record: LogRecord, cache: FormatCache): string {
  return timeCell(isoTimeCached(record.time, cache)) + cache.headTailOf("csv", record, csvHeadTail);
}

/** {@link csvRowHead} after the time cell, as UTF-8 bytes (for encoders: see FormatCache.headTailBytesOf). */
export function csvHeadTailBytes(record: LogRecord, cache: FormatCache): Uint8Array {
  return cache.headTailBytesOf("csv", record, csvHeadTail);
}

/** The level, levelno, logger and msg cells, each after a comma and followed by one. */
function csvHeadTail({ level, levelno, logger, msg }: LogRecord): string {
  return `,${LEVEL_CELL.get(level) ?? csvCell(String(level))},${levelno},${csvCell(String(logger))},${csvCell(String(msg))},`;
}

/**
 * `csvCell` of a JSON text, in fewer scans: JSON escapes every C0 control, so the text holds no
 * CR or LF and only its first character can start a formula (a negative number). What is left
 * is making it well-formed and doubling its quotes. A property test holds it equal to csvCell
 * for any JSON text (spec/format/csv-encode.spec.ts).
 */
export function jsonCell(json: string): string {
  if (isQuotedAsIs(json)) return `"${json.replace(QUOTES, '""')}"`;
  const cell = startsDangerously(json, 0) ? `'${toWellFormed(json)}` : toWellFormed(json);
  return MUST_QUOTE.test(cell) ? `"${cell.replace(QUOTES, '""')}"` : cell;
}

/**
 * Whether jsonCell(json) is just `json` quoted with its quotes doubled: nothing to guard,
 * nothing to make well-formed, but a quote or comma to quote for. The common `extra`, an object.
 */
export function isQuotedAsIs(json: string): boolean {
  return !startsDangerously(json, 0) && MUST_QUOTE.test(json) && toWellFormed(json) === json;
}

/** The level names' cells, a constant table (they need no quoting; the table says so without a scan). */
const LEVEL_CELL: ReadonlyMap<string, string> = new Map<string, string>(LEVEL_NAMES.map((name) => [name, csvCell(name)]));

/**
 * An ISO time (or "Invalid Date") holds only digits, letters, `-`, `:` and `.`: nothing to
 * quote. Only a leading sign (a year past 9999 or before 0) would start a formula.
 */
function timeCell(iso: string): string {
  const first = iso.charCodeAt(0);
  return first === 0x2b || first === 0x2d ? csvCell(iso) : iso;
}

/** One cell: neutralised against formula injection, then quoted if it must be. */
export function csvCell(text: string): string {
  const dangerous = startsDangerously(text, 0);
  if (!dangerous && !NEEDS_WORK.test(text)) return text;
  let cell = toWellFormed(text);
  if (dangerous) cell = `'${cell}`;
  if (!MUST_QUOTE.test(cell)) return cell;
  // Without a line break only quotes need doubling (extra's JSON, every line): one native
  // replace instead of a walk that joins a slice per quote.
  if (!LINE_BREAK.test(cell)) return `"${cell.replace(QUOTES, '""')}"`;
  let out = '"';
  let start = 0; // first code unit of `cell` not yet copied
  for (let i = 0; i < cell.length; i++) {
    const code = cell.charCodeAt(i);
    if (code === 0x22) {
      out += `${cell.slice(start, i + 1)}"`;
      start = i + 1;
    } else if ((code === 0x0a || code === 0x0d) && startsDangerously(cell, i + 1)) {
      out += `${cell.slice(start, i + 1)}'`;
      start = i + 1;
    }
  }
  return `${out + cell.slice(start)}"`;
}

/** Whether the first non-space character at or after `from` is one a spreadsheet would run. */
function startsDangerously(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    switch (code) {
      case 0x3d: // =
      case 0x2b: // +
      case 0x2d: // -
      case 0x40: // @
      case 0x09: // TAB
      case 0x0d: // CR
        return true;
      default:
        if (!isSpace(code)) return false;
    }
  }
  return false;
}

/** U+0020, NBSP, and the other Unicode space separators and zero-width spaces a spreadsheet may trim. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}
