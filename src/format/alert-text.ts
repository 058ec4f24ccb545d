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
 * Cleaning is in clean-text.ts, cutting to a length in fit-text.ts, level colours in
 * level-color.ts; what a remote sink sends (OutgoingMessage) is in core/delivery.ts.
 */
import type { LogRecord, SerializedError } from "../core/record.js";
import { omittedMarker } from "../core/truncate.js";
import { DEFAULT_LIMITS, safeStringify, toSafeValue, type JsonValue } from "../serialize/index.js";
import { cleanBlock, cleanLine } from "./clean-text.js";
import { clipText, fitText, truncateText, withMarker, type ClippedText } from "./fit-text.js";
import { renderException } from "./exception.js";
import { isoTime } from "./time.js";

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
