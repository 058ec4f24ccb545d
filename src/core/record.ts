import type { LevelName } from "./levels.js";

/**
 * A serialised exception: plain data, safe to stringify, made once per log call.
 * `cause` follows the Error cause chain; `errors` holds an AggregateError's members.
 * Other own enumerable fields of the error (code, status, ...) are kept in `fields`.
 */
export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly cause?: SerializedError;
  readonly errors?: readonly SerializedError[];
}

/**
 * One log call. The same frozen object reaches every sink and `log$`.
 * `time` is epoch milliseconds; formats render it as ISO 8601 UTC.
 */
export interface LogRecord {
  readonly time: number;
  readonly level: LevelName;
  readonly levelno: number;
  readonly logger: string;
  readonly msg: string;
  /** The caller's context (child bindings merged under it). Held by reference: formatted in the batch. */
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly exc?: SerializedError;
  /**
   * Set only by alert-storm coalescing in remote sinks: this record stands for `count`
   * identical records (same level, logger and message) seen since `since` (epoch ms).
   * Delivery counts it as `count` records.
   */
  readonly repeated?: { readonly count: number; readonly since: number };
  /**
   * The OpenTelemetry span active at the log call (hex, 32 and 16 characters, and its W3C trace
   * flags), when `@opentelemetry/api` is installed and a context manager is set. Captured in the
   * call, never at batch time.
   */
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly trace_flags?: number;
}

/** How many logged records one record stands for: 1, or the count of a coalesced alert. */
export function recordWeight(record: LogRecord): number {
  return record.repeated === undefined ? 1 : record.repeated.count;
}

/** A record's level number: what level filters compare and a full queue sheds by. */
export function recordLevel(record: LogRecord): number {
  return record.levelno;
}

/** When the first of the records a record stands for was logged: a coalesced alert's `repeated.since`, else its time. */
export function recordSince(record: LogRecord): number {
  return record.repeated?.since ?? record.time;
}

/** `last` re-made as a new frozen record standing for `count` logged records since `since`: a coalesced alert. */
export function repeatedRecord(last: LogRecord, count: number, since: number): LogRecord {
  return Object.freeze({ ...last, repeated: Object.freeze({ count, since }) });
}

/** What a log call accepts besides the message. */
export interface LogOptions {
  readonly extra?: Record<string, unknown>;
  readonly exc?: unknown;
}
