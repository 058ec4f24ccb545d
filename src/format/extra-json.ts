import type { LogRecord } from "../core/record.js";
import { safeStringify } from "../serialize/index.js";

/**
 * The JSON text of a record's `extra`, made once per record and shared by every format and
 * every sink that writes it (NDJSON, text, CSV): with three file sinks, a record's `extra` is
 * serialised once, not three times.
 *
 * The memo is used only while two or more sinks that write `extra` this way are attached
 * ({@link shareExtraJson}): with one, there is nothing to share, and keeping texts would only
 * keep records alive across garbage collections (measured: +10 to +25 MB of peak RSS in a
 * 200,000-record burst). It is two generations of a Map, swapped every GENERATION records,
 * rather than a WeakMap: a WeakMap entry per short-lived record cost about 1.2 µs in GC, more
 * than the serialisation it saves. Sinks format the same records within a batch of each other
 * (they fill their batches from the same `next` call), so a text is found while it is in either
 * generation; a miss only means it is made again.
 */
const GENERATION = 4096;
let current = new Map<LogRecord, string>();
let previous = new Map<LogRecord, string>();
/** Attached sinks that call extraJson, across loggers. */
let sharers = 0;

/** Declares one more sink formatting with extraJson; call the returned function when it detaches. */
export function shareExtraJson(): () => void {
  sharers++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    sharers--;
    // With one sink left the texts may still be found (sinks finishing one after another at
    // complete()), but nothing new is kept; with none, nothing can be.
    if (sharers === 0) {
      current = new Map();
      previous = new Map();
    }
  };
}

export function extraJson(record: LogRecord): string {
  let text = current.get(record) ?? previous.get(record);
  if (text === undefined) {
    text = safeStringify(record.extra);
    if (sharers < 2) return text;
    if (current.size >= GENERATION) {
      previous = current;
      current = new Map();
    }
    current.set(record, text);
  }
  return text;
}
