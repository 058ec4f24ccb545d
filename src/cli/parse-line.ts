/**
 * One line of a log file to a record, for `flowlog pretty` and `flowlog stats`. Pure.
 *
 * Two shapes are read:
 * - flowlog's NDJSON (`file_json`): `{"time":"<ISO>","level":"ERROR","levelno":40,"logger":...,
 *   "msg":...,"extra":{...},"exc":{...}}`, recognised by its `levelno`.
 * - pino's (and bunyan's) shape: `level` as a number, `time` as epoch milliseconds, `name` as the
 *   logger, `err` as the exception, every other field (pid, hostname, your bindings) as `extra`.
 *   pino's levels map to flowlog's: trace (10) and debug (20) to DEBUG, info (30) to INFO, warn
 *   (40) to WARNING, error (50) to ERROR, fatal (60) to CRITICAL; a custom number takes the
 *   nearest pino level at or above it. A level given as a label (`"warn"`, `"info"`, or one of
 *   flowlog's names in any case) is read too, and so is `message` in place of `msg`.
 *
 * Anything else (not JSON, not an object, no level that can be read) is `raw`: the caller shows
 * it as it is, so a stray line never stops the stream and never disappears.
 */
import { Level, LEVEL_NAMES, type LevelName, type LogRecord, type SerializedError } from "../index.js";

export type ParsedLine =
  | { readonly kind: "record"; readonly record: LogRecord }
  | { readonly kind: "raw"; readonly text: string };

/** How deep an exception's cause chain is followed (flowlog serialises at most 10). */
const MAX_CAUSES = 16;

const FLOWLOG_LEVELS = new Map<string, LevelName>(LEVEL_NAMES.map((name) => [name, name]));

/** pino's labels (and winston's common ones) as flowlog levels. */
const LABELS = new Map<string, LevelName>([
  ["trace", "DEBUG"], ["debug", "DEBUG"], ["verbose", "DEBUG"], ["silly", "DEBUG"],
  ["info", "INFO"], ["http", "INFO"], ["warn", "WARNING"], ["error", "ERROR"], ["fatal", "CRITICAL"],
]);

/** Keys of pino's shape that are not `extra`. */
const FOREIGN_KNOWN = new Set(["level", "time", "msg", "message", "name", "err"]);

/** One line (without its newline) as a record, or as raw text. */
export function parseLine(line: string): ParsedLine {
  const value = parseObject(line);
  if (value === undefined) return { kind: "raw", text: line };
  const record = typeof value.levelno === "number" && typeof value.level === "string" ? fromFlowlog(value) : fromForeign(value);
  return record === undefined ? { kind: "raw", text: line } : { kind: "record", record };
}

/** The flowlog level of a pino level number. */
export function pinoLevel(levelno: number): LevelName {
  if (levelno <= 20) return "DEBUG";
  if (levelno <= 30) return "INFO";
  if (levelno <= 40) return "WARNING";
  if (levelno <= 50) return "ERROR";
  return "CRITICAL";
}

function parseObject(line: string): Record<string, unknown> | undefined {
  // Cheap test first: most non-JSON lines fail here without a throw.
  const start = line.search(/\S/);
  if (start === -1 || line.charCodeAt(start) !== 0x7b /* { */) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function fromFlowlog(value: Record<string, unknown>): LogRecord | undefined {
  const level = levelFromLabel(value.level as string);
  if (level === undefined) return undefined;
  return makeRecord(level, value.time, value.logger, value.msg, objectOrUndefined(value.extra), value.exc);
}

function fromForeign(value: Record<string, unknown>): LogRecord | undefined {
  const level = typeof value.level === "number" ? pinoLevel(value.level) : typeof value.level === "string" ? levelFromLabel(value.level) : undefined;
  if (level === undefined) return undefined;
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    if (FOREIGN_KNOWN.has(key)) continue;
    extra ??= {};
    extra[key] = value[key];
  }
  return makeRecord(level, value.time, value.name, value.msg ?? value.message, extra, value.err);
}

function levelFromLabel(label: string): LevelName | undefined {
  return FLOWLOG_LEVELS.get(label.toUpperCase()) ?? LABELS.get(label.toLowerCase());
}

function makeRecord(level: LevelName, time: unknown, logger: unknown, msg: unknown, extra: Record<string, unknown> | undefined, exc: unknown): LogRecord {
  const record: { -readonly [K in keyof LogRecord]: LogRecord[K] } = {
    time: epochMs(time),
    level,
    levelno: Level[level],
    logger: typeof logger === "string" ? logger : logger === undefined || logger === null ? "" : String(logger),
    msg: typeof msg === "string" ? msg : msg === undefined || msg === null ? "" : JSON.stringify(msg),
  };
  if (extra !== undefined) record.extra = extra;
  const error = toSerializedError(exc, 0);
  if (error !== undefined) record.exc = error;
  return record;
}

/** Epoch ms from a number or a date string; NaN when there is none (formats show "Invalid Date"). */
function epochMs(time: unknown): number {
  if (typeof time === "number") return time;
  if (typeof time === "string") return Date.parse(time);
  return Number.NaN;
}

function objectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * flowlog's `exc` or pino's `err` as a SerializedError: type and message as text, the stack when
 * it is one, the other fields under `fields`, causes and AggregateError members followed.
 */
function toSerializedError(value: unknown, depth: number): SerializedError | undefined {
  const source = objectOrUndefined(value);
  if (source === undefined || Array.isArray(source) || depth >= MAX_CAUSES) return undefined;
  const { type, message, stack, fields, cause, errors, ...rest } = source;
  const error: { -readonly [K in keyof SerializedError]: SerializedError[K] } = {
    type: typeof type === "string" ? type : "Error",
    message: typeof message === "string" ? message : message === undefined ? "" : JSON.stringify(message),
  };
  if (typeof stack === "string") error.stack = stack;
  const ownFields = objectOrUndefined(fields) ?? (Object.keys(rest).length > 0 ? rest : undefined);
  if (ownFields !== undefined) error.fields = ownFields;
  const causeError = toSerializedError(cause, depth + 1);
  if (causeError !== undefined) error.cause = causeError;
  if (Array.isArray(errors)) {
    error.errors = errors.flatMap((member) => toSerializedError(member, depth + 1) ?? []);
  }
  return error;
}
