import type { LogRecord } from "../record.js";
import { safeStringify } from "../serialize/index.js";

/**
 * The JSON text of a record's `extra`, made once per record and shared by every format and
 * every sink that writes it (NDJSON, text, CSV): with three file sinks, a record's `extra` is
 * serialised once, not three times.
 *
 * The memo is two generations of a Map, swapped every GENERATION records, rather than a
 * WeakMap: measured on Node 20, a WeakMap entry per short-lived record cost about 1.2 µs (its
 * ephemerons are expensive to collect), more than the serialisation it saves; a Map costs next
 * to nothing. Sinks format the same records within a batch of each other (they fill their
 * batches from the same `next` call), so a text is found while it is in either generation; a
 * miss only means it is made again. At most 2 x GENERATION records are kept alive by it.
 */
const GENERATION = 4096;
let current = new Map<LogRecord, string>();
let previous = new Map<LogRecord, string>();

export function extraJson(record: LogRecord): string {
  let text = current.get(record) ?? previous.get(record);
  if (text === undefined) {
    text = safeStringify(record.extra);
    if (current.size >= GENERATION) {
      previous = current;
      current = new Map();
    }
    current.set(record, text);
  }
  return text;
}
