import type { LevelName } from "../levels.js";
import type { LogOptions, LogRecord } from "../record.js";
import { safeStringify, serializeError } from "../serialize/index.js";
import { describeDeliveryError } from "../operators/delivery-outcome.js";

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
): LogRecord {
  let extra: Readonly<Record<string, unknown>> | undefined;
  let exc: unknown;
  try {
    extra = options?.extra;
    exc = options?.exc;
    if (bindings !== undefined) extra = extra === undefined ? bindings : { ...bindings, ...extra };
  } catch (error) {
    // A hostile options object (a Proxy, a throwing getter) still yields a record, never a throw.
    extra = { "[Unserializable extra]": describeDeliveryError(error) };
  }
  return Object.freeze({
    time,
    level,
    levelno,
    logger,
    msg: typeof msg === "string" ? msg : messageText(msg),
    extra: extra === undefined || extra === null || typeof extra !== "object" ? undefined : extra,
    exc: exc === undefined ? undefined : serializeError(exc),
  });
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
