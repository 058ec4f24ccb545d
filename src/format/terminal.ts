/**
 * The terminal format: short, aligned, coloured by level.
 *
 * ```
 * 09:12:54.123 ERROR    myapp  Database query timed out  timeout_ms=5000 user="Ana Lima"
 * ```
 *
 * Time of day (UTC, as every other format), the level padded to 8, the logger, the message,
 * then `extra` as key=value pairs: a value is printed bare when it is a plain word (printable,
 * no space, quote, `=` or backslash) and as compact JSON otherwise. A newline in the message
 * continues on the next line behind "    | ", as in the text format; the exception follows
 * indented by four spaces (exception.ts). A message, and each extra value, longer than 10,000
 * characters is cut with "…[+N chars]".
 *
 * A terminal executes what it is sent (CWE-150), so every character from the user passes
 * escapeControl: ESC, BEL, C1 and bidi controls arrive as visible `\x1b`, `\x07`, `\x9b`,
 * `\u202e`. The only escape sequences in the output are flowlog's own SGR colour codes, and only
 * when `colors` is true. Colours: DEBUG gray, INFO green, AUDIT blue, WEBHOOK cyan, WARNING
 * yellow, SECURITY magenta, ERROR red, DEPLOY bold blue, CRITICAL bold white on red; the time and
 * the extra keys are gray, the logger bold.
 */
import pc from "picocolors";
import type { LevelName } from "../core/levels.js";
import { LEVEL_NAMES } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { toSafeValue } from "../serialize/index.js";
import { escapeControl, escapeControlLines } from "./escape.js";
import { renderException } from "./exception.js";
import { LEVEL_WIDTH, paddedLevel } from "./level-label.js";
import { CONTINUATION } from "./text.js";
import { FormatCache } from "./format-cache.js";
import { isoTimeCached } from "./time.js";
import { truncate } from "../core/truncate.js";

export interface TerminalFormatOptions {
  /** Emit SGR colour codes: true only when writing to a terminal that wants them. */
  readonly colors: boolean;
}

/** Longest message (and extra value) shown, in UTF-16 code units. */
export const TERMINAL_MAX_CHARS = 10_000;

type Colors = ReturnType<typeof pc.createColors>;

/** The two palettes, made once: picocolors decides nothing per call. */
const COLORED: Colors = pc.createColors(true);
const PLAIN: Colors = pc.createColors(false);

const LEVEL_PAINT: Readonly<Record<LevelName, (text: string) => string>> = {
  DEBUG: COLORED.gray,
  INFO: COLORED.green,
  AUDIT: COLORED.blue,
  WEBHOOK: COLORED.cyan,
  WARNING: COLORED.yellow,
  SECURITY: COLORED.magenta,
  ERROR: COLORED.red,
  DEPLOY: (text) => COLORED.bold(COLORED.blue(text)),
  CRITICAL: (text) => COLORED.bold(COLORED.white(COLORED.bgRed(text))),
};

/**
 * `text` in the terminal colour of `level` (always with SGR codes: the caller decides whether
 * colours are wanted). For drawings that match the log lines, like `flowlog stats`'s bars.
 */
export function paintLevel(level: LevelName, text: string): string {
  return Object.prototype.hasOwnProperty.call(LEVEL_PAINT, level) ? LEVEL_PAINT[level](text) : text;
}

/** Coloured level labels; the padding stays outside the colour so a background ends with the name. */
const COLORED_LEVELS: ReadonlyMap<string, string> = new Map<string, string>(
  LEVEL_NAMES.map((name) => [name, LEVEL_PAINT[name](name) + " ".repeat(LEVEL_WIDTH - name.length)]),
);

const LINE_BREAK = `\n${CONTINUATION}`;
const EXCEPTION_INDENT = "    ";

/** One record for a terminal, ending with "\n"; colour codes only when `options.colors`. */
export function formatTerminal(record: LogRecord, options: TerminalFormatOptions): string {
  return formatTerminalCached(record, options, new FormatCache());
}

/** {@link formatTerminal} as the sink runs it: the same text, reusing what `cache` kept from the records before. */
export function formatTerminalCached(record: LogRecord, options: TerminalFormatOptions, cache: FormatCache): string {
  const colors = options.colors === true;
  const c = colors ? COLORED : PLAIN;
  const level = (colors ? COLORED_LEVELS.get(record.level) : undefined) ?? paddedLevel(record.level);
  const message = escapeControlLines(truncate(String(record.msg), TERMINAL_MAX_CHARS), LINE_BREAK);
  let line = `${c.gray(timeOfDay(isoTimeCached(record.time, cache)))} ${level} ${c.bold(escapeControl(String(record.logger)))}  ${message}`;
  if (record.extra !== undefined) line += `  ${extraPairs(record.extra, c)}`;
  line += "\n";
  if (record.exc !== undefined) line += renderException(record.exc, EXCEPTION_INDENT);
  return line;
}

/** "09:12:54.123" out of an ISO timestamp (any year width); "Invalid Date" stays as it is. */
function timeOfDay(iso: string): string {
  const t = iso.indexOf("T");
  return t === -1 ? iso : iso.slice(t + 1, t + 13);
}

/** `key=value` pairs separated by spaces; keys gray. Anything not an object is shown as JSON. */
function extraPairs(extra: unknown, c: Colors): string {
  const value = toSafeValue(extra);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return escapeControl(cellText(value));
  let out = "";
  for (const key of Object.keys(value)) {
    if (out !== "") out += " ";
    out += c.gray(`${escapeControl(cellText(key))}=`) + escapeControl(cellText(value[key]));
  }
  return out;
}

/** A key or value as shown: a plain word bare, anything else as compact JSON; capped in length. */
function cellText(value: unknown): string {
  if (typeof value === "string") {
    const text = truncate(value, TERMINAL_MAX_CHARS);
    return isPlainWord(text) ? text : JSON.stringify(text);
  }
  return truncate(JSON.stringify(value) ?? "null", TERMINAL_MAX_CHARS);
}

/** Non-empty, and no space, control, `"`, `=`, `\` or C1/NBSP: safe to print without quotes. */
function isPlainWord(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x22 || code === 0x3d || code === 0x5c || (code >= 0x7f && code <= 0xa0)) return false;
  }
  return true;
}
