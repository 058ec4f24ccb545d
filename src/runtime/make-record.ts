import type { LevelName } from "../core/levels.js";
import type { LogOptions, LogRecord } from "../core/record.js";
import { safeStringify, serializeError, toSafeValue } from "../serialize/index.js";
import { describeThrown } from "../core/describe-thrown.js";
import type { Redactor } from "../redact/redactor.js";
import { applySerializers, type Serializers } from "./serializers.js";
import { activeTraceIds } from "./trace-context.js";

/**
 * Builds the one frozen record of a log call. The exception is serialised here, once, because
 * an Error is live state (its cause may change); `extra` is kept by reference and serialised
 * in the batch, off the caller's stack (pino and winston do the same with their objects).
 */
export function makeRecord(
  time: number,
  level: LevelName,
  levelno: number,
  logger: string,
  msg: unknown,
  options: LogOptions | undefined,
  bindings: Readonly<Record<string, unknown>> | undefined,
  redactor?: Redactor,
  serializers?: Serializers,
): LogRecord {
  let extra: Readonly<Record<string, unknown>> | undefined;
  let exc: unknown;
  try {
    extra = options?.extra;
    exc = options?.exc;
    if (bindings !== undefined) extra = extra === undefined ? bindings : { ...bindings, ...extra };
  } catch (error) {
    // A hostile options object (a Proxy, a throwing getter) still yields a record, never a throw.
    extra = { "[Unserializable extra]": describeThrown(error) };
  }
  let text = typeof msg === "string" ? msg : messageText(msg);
  let safeExtra = extra === undefined || extra === null || typeof extra !== "object" ? undefined : extra;
  if (serializers !== undefined && safeExtra !== undefined) safeExtra = applySerializers(safeExtra, serializers);
  let serializedExc = exc === undefined ? undefined : serializeError(exc);
  if (redactor !== undefined) {
    // Before the record is frozen and shared: no sink, and no log$ subscriber, sees the secret.
    text = redactor.text(text);
    // Redact what will be written, not the live objects: toJSON results, class instances' own
    // properties and Map entries are serialised first, so a secret cannot hide behind them.
    if (safeExtra !== undefined) safeExtra = redactor.value(toSafeValue(safeExtra)) as Readonly<Record<string, unknown>>;
    if (serializedExc !== undefined) serializedExc = redactor.value(serializedExc) as typeof serializedExc;
  }
  // The span is read here, in the caller's context: a batch runs later, outside it.
  const trace = activeTraceIds();
  const record = { time, level, levelno, logger, msg: text, extra: safeExtra, exc: serializedExc };
  return Object.freeze(trace === undefined ? record : { ...record, ...trace });
}

/** A message that is not a string still becomes readable text, and never throws. */
function messageText(msg: unknown): string {
  if (msg instanceof Error) return msg.message;
  if (typeof msg === "object" && msg !== null) return safeStringify(msg);
  try {
    return String(msg);
  } catch {
    return "[unprintable message]";
  }
}

/**
 * The record of a log call whose arguments could not be read at all (a revoked Proxy as the
 * message, options whose traps throw, a clock that throws): a placeholder message naming what
 * was thrown, so the call still leaves one record and never throws.
 */
export function unloggableRecord(level: LevelName, levelno: number, logger: string, thrown: unknown): LogRecord {
  return Object.freeze({
    time: Date.now(),
    level,
    levelno,
    logger,
    msg: `[unloggable arguments: ${describeThrown(thrown)}]`,
    extra: undefined,
    exc: undefined,
  });
}
