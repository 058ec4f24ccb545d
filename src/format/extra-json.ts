import type { LogRecord } from "../record.js";
import { safeStringify } from "../serialize/index.js";

/**
 * The JSON text of a record's `extra`, made once per record and shared by every format and
 * every sink that writes it (NDJSON, text, CSV): with three file sinks, a record's `extra` is
 * serialised once, not three times. Records are frozen and short-lived, so a WeakMap keyed by
 * the record holds each text exactly as long as the record is alive.
 */
const cache = new WeakMap<LogRecord, string>();

export function extraJson(record: LogRecord): string {
  let text = cache.get(record);
  if (text === undefined) {
    text = safeStringify(record.extra);
    cache.set(record, text);
  }
  return text;
}
