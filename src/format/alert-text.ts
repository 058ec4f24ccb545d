/**
 * The plain-text pieces of an alert, shared by the Discord, Telegram, WhatsApp and email
 * formats so that an alert reads the same everywhere and each format only adds its markup.
 *
 * ```
 * [ERROR] myapp: Database down                       ← alertParts().headline
 * 2026-11-24T09:12:54.123Z · ×37 in the last 60 s    ← time and repeatNote()
 * host: "db1"                                        ← extraLines()
 * TypeError: boom                                    ← exception text (exception.ts)
 *     at handler (/app/src/handler.js:10:5)
 * ```
 *
 * Cleaning. Alerts are read on phones and in chat clients, where a visible `\x1b` is noise and
 * a raw one is a hazard, so user text is cleaned rather than escaped: lone surrogates become
 * U+FFFD (toWellFormed); in a single line (headline, subject, field names and values) every
 * line break and TAB becomes a space; in a block (message, exception) CR LF, CR, VT, FF, NEL,
 * U+2028 and U+2029 become LF and TAB is kept; every other C0 and C1 control, DEL and the
 * bidi marks (Trojan Source) are removed. The untouched text is in the file sinks.
 *
 * Lengths. Every length here is in UTF-16 code units (`.length`), the conservative count the
 * services' limits are checked against. Text is clipped before it is cleaned, so a 10 MB
 * message costs about as much as a short one, and text that is cut ends with a visible marker
 * "…[+N chars]" inside the limit; N counts the UTF-16 units left out (for clipped text, of the
 * original, so removed control characters in the kept part are counted too).
 */
import type { LogRecord, SerializedError } from "../core/record.js";
import { DEFAULT_LIMITS, safeStringify, toSafeValue, type JsonValue } from "../serialize/index.js";
import { toWellFormed } from "./escape.js";
import { renderException } from "./exception.js";
import { isoTime } from "./time.js";

/**
 * One message a remote sink sends for a batch, and the records it carries (indexes into the
 * batch). A record split over several messages is delivered only when all of them are.
 */
export interface OutgoingMessage<Body> {
  readonly body: Body;
  readonly records: readonly number[];
}

/** Text already cleaned for an alert, and how many UTF-16 units of the original were clipped off. */
export interface ClippedText {
  readonly text: string;
  readonly omitted: number;
}

/** One entry of `extra`: its key on one line, its value as compact JSON on one line. */
export interface ExtraField {
  readonly name: ClippedText;
  readonly value: ClippedText;
}

/** How much of each part {@link alertParts} keeps before cleaning (a bound, not the final size). */
export interface AlertCaps {
  /** The message; default 16,384. */
  readonly message?: number;
  /** Each extra key and each extra value (compact JSON); default 1,024. */
  readonly value?: number;
  /** How many extra entries are kept; `extraTotal` still counts them all. Default 100; 0: extra is not read. */
  readonly fields?: number;
  /** The exception text; default 16,384; 0: the exception is not read. */
  readonly exception?: number;
}

/** Everything a format needs to render one record, already cleaned. */
export interface AlertParts {
  /** The level name on one line. */
  readonly level: string;
  /** The logger name on one line, at most 256 units. */
  readonly logger: string;
  /** `record.time` as ISO 8601 ("Invalid Date" for a time a Date cannot hold). */
  readonly time: string;
  /** `[ERROR] myapp: message` on one line, at most HEADLINE_MAX units. */
  readonly headline: string;
  /** "×37 in the last 60 s" for a coalesced record. */
  readonly repeat?: string;
  /** The message as a block (line breaks kept). */
  readonly message: ClippedText;
  /** True when the headline shows the whole message, so a format need not repeat it. */
  readonly messageInHeadline: boolean;
  /** The first `caps.fields` entries of `extra`, in key order. */
  readonly extra: readonly ExtraField[];
  /** How many entries `extra` has in all (after the serialiser's own key cap). */
  readonly extraTotal: number;
  /** "TypeError: boom" on one line, and the whole exception (frames, causes) as a block. */
  readonly exception?: { readonly headline: string; readonly text: ClippedText };
}

/** The longest headline, in UTF-16 units. */
export const HEADLINE_MAX = 256;

const DEFAULT_CAPS = { message: 16_384, value: 1024, fields: 100, exception: 16_384 } as const;

/** The marker that ends cut text: "…[+1234 chars]". */
export function omittedMarker(omitted: number): string {
  return `…[+${omitted} chars]`;
}

/* ----------------------------------------------------------------------------------------- */
/* cleaning                                                                                   */
/* ----------------------------------------------------------------------------------------- */

/** Controls removed everywhere: C0 but TAB/LF/VT/FF/CR, DEL, C1 but NEL, bidi marks. */
const REMOVED = /[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Runs of line breaks and tabs, which a single line shows as one space. */
const LINE_SPACE = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
/** Line breaks a block turns into LF. */
const BLOCK_BREAK = /\r\n?|[\v\f\u0085\u2028\u2029]/g;
/** Fast test for anything either cleaner changes (surrogates are checked separately). */
const NEEDS_CLEANING = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** `text` as one line: line breaks and tabs become a space, other controls are removed. */
export function cleanLine(text: string): string {
  const wellFormed = toWellFormed(text);
  if (!NEEDS_CLEANING.test(wellFormed) && !wellFormed.includes("\n") && !wellFormed.includes("\t")) return wellFormed;
  return wellFormed.replace(LINE_SPACE, " ").replace(REMOVED, "");
}

/** `text` as a block: line breaks become LF, TAB is kept, other controls are removed. */
export function cleanBlock(text: string): string {
  const wellFormed = toWellFormed(text);
  if (!NEEDS_CLEANING.test(wellFormed)) return wellFormed;
  return wellFormed.replace(BLOCK_BREAK, "\n").replace(REMOVED, "");
}

/* ----------------------------------------------------------------------------------------- */
/* cutting                                                                                    */
/* ----------------------------------------------------------------------------------------- */

/** `end` moved back by one when it would split a surrogate pair. */
export function codePointBoundary(text: string, end: number): number {
  if (end <= 0 || end >= text.length) return Math.max(0, Math.min(end, text.length));
  const before = text.charCodeAt(end - 1);
  const after = text.charCodeAt(end);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? end - 1 : end;
}

/**
 * The first `max` units of `raw`, cleaned, and how many units were left out. Only the kept
 * part is cleaned, so a huge string costs no more than `max` units of work.
 */
export function clipText(raw: string, max: number, clean: (text: string) => string): ClippedText {
  if (raw.length <= max) return { text: clean(raw), omitted: 0 };
  const end = codePointBoundary(raw, Math.max(0, max));
  return { text: clean(raw.slice(0, end)), omitted: raw.length - end };
}

/** A clipped text with its marker appended when something was clipped off. */
export function withMarker(clipped: ClippedText, marker: (omitted: number) => string = omittedMarker): string {
  return clipped.omitted > 0 ? clipped.text + marker(clipped.omitted) : clipped.text;
}

/**
 * `text` cut to at most `max` UTF-16 units, ending with `marker(N)` when anything is cut (N:
 * the units left out). A surrogate pair is never split. When even the marker does not fit,
 * the text is cut hard, without one. Never throws; `max <= 0` gives "".
 */
export function truncateText(text: string, max: number, marker: (omitted: number) => string = omittedMarker): string {
  return fitText({ text, omitted: 0 }, max, identity, marker);
}

const identity = (text: string): string => text;

/**
 * The longest prefix of `clipped.text` whose encoding, followed by the marker for everything
 * left out (the cut and `clipped.omitted`), is at most `max` units. `encode` (markdown or
 * HTML escaping) is applied to whole characters of the prefix, so an escape is never cut; it
 * must never make text shorter, and a longer prefix must never encode shorter.
 */
export function fitText(
  clipped: ClippedText,
  max: number,
  encode: (text: string) => string = identity,
  marker: (omitted: number) => string = omittedMarker,
): string {
  const { text, omitted } = clipped;
  if (!(max > 0)) return "";
  if (omitted === 0 && text.length <= max) {
    const whole = encode(text);
    if (whole.length <= max) return whole;
  }
  const markerAt = (end: number): string => marker(omitted + text.length - end);
  const size = (end: number): number => encode(text.slice(0, end)).length + markerAt(end).length;
  // The encoding never shrinks text, so no prefix longer than max fits.
  const hi = Math.min(text.length, max);
  if (size(0) > max) {
    // Not even the marker fits: the longest prefix that does, without one.
    return encode(text.slice(0, largestEnd(text, 0, hi, (end) => encode(text.slice(0, end)).length <= max)));
  }
  let lo = 0;
  let top = hi;
  if (hi > 64) {
    // Guess the cut from how much the encoding grows the text, then gallop from the guess to
    // bracket it: a few encodings instead of a dozen for the usual, evenly escaped text.
    const grown = encode(text.slice(0, hi)).length;
    const guess = codePointBoundary(text, Math.floor((hi * Math.max(0, max - markerAt(hi).length)) / Math.max(1, grown)));
    const fits = guess > 0 && size(guess) <= max;
    if (fits) lo = guess;
    else top = Math.max(0, guess - 1);
    for (let step = 8; lo < top; step *= 2) {
      const probe = codePointBoundary(text, fits ? Math.min(top, lo + step) : Math.max(lo, top - step));
      if (probe <= lo) break;
      if (size(probe) <= max) {
        lo = probe;
        if (!fits) break;
      } else {
        top = probe - 1;
        if (fits) break;
      }
    }
  }
  const end = largestEnd(text, lo, top, (end) => size(end) <= max);
  return encode(text.slice(0, end)) + markerAt(end);
}

/**
 * Binary search for the largest end in [lo, hi], on a code point boundary, where `fits`
 * holds, given that it holds at `lo`. `fits` need not be monotonic (a marker's count can lose
 * a digit as the prefix grows): the answer always fits, it may not be the very largest.
 */
function largestEnd(text: string, lo: number, hi: number, fits: (end: number) => boolean): number {
  while (lo < hi) {
    const half = Math.ceil((lo + hi) / 2);
    let mid = codePointBoundary(text, half);
    if (mid <= lo) mid = half + 1; // `half` is inside the pair that starts at lo: try after it
    if (mid > hi) break;
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/* ----------------------------------------------------------------------------------------- */
/* parts of a record                                                                          */
/* ----------------------------------------------------------------------------------------- */

/**
 * One colour a level, as 0xRRGGBB: Discord's embed colour and the email's headline colour.
 * Greys for the quiet levels, blue for information, yellow to red as it gets worse.
 */
export function levelColor(level: string): number {
  return LEVEL_COLORS.get(level) ?? 0x99aab5;
}

const LEVEL_COLORS = new Map<string, number>([
  ["DEBUG", 0x95a5a6],
  ["INFO", 0x5865f2],
  ["AUDIT", 0x3498db],
  ["WEBHOOK", 0x1abc9c],
  ["WARNING", 0xfee75c],
  ["SECURITY", 0x9b59b6],
  ["ERROR", 0xed4245],
  ["DEPLOY", 0x57f287],
  ["CRITICAL", 0x992d22],
]);

/** "×37 in the last 60 s" for a coalesced record, undefined for an ordinary one. */
export function repeatNote(record: LogRecord): string | undefined {
  const repeated = record.repeated;
  if (repeated === undefined || repeated === null) return undefined;
  const count = `×${groupDigits(repeated.count)}`;
  const seconds = (record.time - repeated.since) / 1000;
  if (!Number.isFinite(seconds) || seconds < 0) return count;
  return `${count} in the last ${groupDigits(Math.max(1, Math.round(seconds)))} s`;
}

/** 10000 as "10,000", the same on every machine (no locale). */
function groupDigits(value: unknown): string {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) return cleanLine(asText(value));
  return String(value).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** `Type: message` of an exception, on one line. */
export function exceptionHeadline(exc: SerializedError): string {
  const type = asText(exc.type);
  const message = asText(exc.message);
  return cleanLine(message === "" ? type : `${type}: ${message}`);
}

/** `key: value` lines of the extra fields, then "… +N more keys" when some were not kept. */
export function extraLines(parts: AlertParts, marker: (omitted: number) => string = omittedMarker): string {
  let out = "";
  for (const field of parts.extra) {
    if (out !== "") out += "\n";
    out += `${withMarker(field.name, marker)}: ${withMarker(field.value, marker)}`;
  }
  const more = parts.extraTotal - parts.extra.length;
  if (more > 0) out += `${out === "" ? "" : "\n"}… +${groupDigits(more)} more keys`;
  return out;
}

/**
 * The cleaned parts of a record. Never throws: a value that cannot be read becomes a
 * placeholder, and the rest of the record is kept.
 */
export function alertParts(record: LogRecord, caps: AlertCaps = {}): AlertParts {
  const level = cleanLine(asText(read(record, "level")));
  const logger = fitText(clipText(asText(read(record, "logger")), HEADLINE_MAX, cleanLine), HEADLINE_MAX);
  const rawMessage = asText(read(record, "msg"));
  const message = clipText(rawMessage, caps.message ?? DEFAULT_CAPS.message, cleanBlock);
  const headline = headlineOf(level, logger, rawMessage, HEADLINE_MAX);

  const rawTime = read(record, "time");
  const time = isoTime(typeof rawTime === "number" ? rawTime : Number.NaN);
  let repeat: string | undefined;
  try {
    repeat = repeatNote(record);
  } catch {
    repeat = undefined;
  }
  const { extra, extraTotal } = caps.fields === 0 ? { extra: [], extraTotal: 0 } : extraFields(read(record, "extra"), caps);
  const exc = caps.exception === 0 ? undefined : read(record, "exc");
  return {
    level,
    logger,
    time,
    headline: headline.text,
    ...(repeat === undefined ? {} : { repeat }),
    message,
    messageInHeadline: headline.whole && message.omitted === 0 && message.text === headline.line,
    extra,
    extraTotal,
    ...(exc === undefined || exc === null ? {} : { exception: exceptionParts(exc as SerializedError, caps) }),
  };
}

/**
 * `[ERROR] myapp: message` on one line of at most `max` units (`[ERROR] myapp` when the
 * message is empty, `[ERROR] message` when the logger is); the message is what is cut.
 */
export function alertHeadline(record: LogRecord, max: number = HEADLINE_MAX): string {
  const level = cleanLine(asText(read(record, "level")));
  const logger = fitText(clipText(asText(read(record, "logger")), HEADLINE_MAX, cleanLine), HEADLINE_MAX);
  return headlineOf(level, logger, asText(read(record, "msg")), max).text;
}

/** The headline, whether it shows the whole message, and the message as one line. */
function headlineOf(level: string, logger: string, rawMessage: string, max: number): { text: string; whole: boolean; line: string } {
  const head = logger === "" ? `[${level}]` : `[${level}] ${logger}`;
  const line = clipText(rawMessage, Math.max(0, max), cleanLine);
  if (line.text === "" && line.omitted === 0) return { text: truncateText(head, max), whole: true, line: "" };
  const prefix = logger === "" ? `${head} ` : `${head}: `;
  if (prefix.length >= max) return { text: truncateText(prefix + line.text, max), whole: false, line: line.text };
  const text = prefix + fitText(line, max - prefix.length);
  return { text, whole: line.omitted === 0 && text === prefix + line.text, line: line.text };
}

function extraFields(value: unknown, caps: AlertCaps): { extra: ExtraField[]; extraTotal: number } {
  if (value === undefined) return { extra: [], extraTotal: 0 };
  const valueCap = caps.value ?? DEFAULT_CAPS.value;
  const fieldCap = caps.fields ?? DEFAULT_CAPS.fields;
  // Strings longer than a shown value are cut by the serialiser already (with its own marker),
  // so a megabyte string in `extra` costs no more than a short one.
  const safe = toSafeValue(value, { ...DEFAULT_LIMITS, maxStringLength: Math.max(valueCap, 64) });
  const field = (name: string, json: string): ExtraField => ({
    name: clipText(name, valueCap, cleanLine),
    value: clipText(json, valueCap, cleanLine),
  });
  if (safe === null || typeof safe !== "object" || Array.isArray(safe)) {
    return { extra: [field("extra", compactJson(safe))], extraTotal: 1 };
  }
  const keys = Object.keys(safe);
  const extra: ExtraField[] = [];
  for (let i = 0; i < keys.length && i < fieldCap; i++) extra.push(field(keys[i], compactJson(safe[keys[i]])));
  return { extra, extraTotal: keys.length };
}

/** A value toSafeValue made as compact JSON: JSON.stringify cannot fail on it, safeStringify is the fallback anyway. */
function compactJson(value: JsonValue): string {
  try {
    return JSON.stringify(value);
  } catch {
    return safeStringify(value);
  }
}

function exceptionParts(exc: SerializedError, caps: AlertCaps): { headline: string; text: ClippedText } {
  try {
    const rendered = renderException(exc, "");
    const text = rendered.endsWith("\n") ? rendered.slice(0, -1) : rendered;
    return {
      headline: truncateText(exceptionHeadline(exc), HEADLINE_MAX),
      text: clipText(text, caps.exception ?? DEFAULT_CAPS.exception, cleanBlock),
    };
  } catch {
    return { headline: "[unreadable exception]", text: { text: "[unreadable exception]", omitted: 0 } };
  }
}

/** A property of the record, or undefined when reading it throws. */
function read(record: LogRecord, key: keyof LogRecord): unknown {
  try {
    return record[key];
  } catch {
    return undefined;
  }
}

/** A value as a string, without throwing ("" for undefined). */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  try {
    return String(value);
  } catch {
    return "[unprintable]";
  }
}
