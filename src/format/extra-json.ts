import type { LogRecord } from "../core/record.js";
import { safeStringify } from "../serialize/index.js";

/**
 * The JSON text of a record's `extra` (NDJSON, text and CSV write it). With `memo` (the one a
 * sink shares with its logger's other file sinks, in its FormatCache), the text is made once
 * for all of them: with three file sinks, a record's `extra` is serialised once, not three times.
 */
export function extraJson(record: LogRecord, memo: ExtraJsonMemo | undefined): string {
  return memo === undefined ? safeStringify(record.extra) : memo.text(record);
}

/** Texts kept per generation; see {@link ExtraJsonMemo}. */
const GENERATION = 4096;

/**
 * One logger's memo of `extra` texts, made by the logger (runtime/logger-core.ts) and handed to
 * its sinks; a second logger has its own, so neither keeps the other's records alive.
 *
 * It keeps texts only while two or more of the logger's sinks that write `extra` this way are
 * attached ({@link share}): with one, there is nothing to share, and keeping texts would only
 * keep records alive across garbage collections (measured: +10 to +25 MB of peak RSS in a
 * 200,000-record burst). It is two generations of a Map, swapped every GENERATION records,
 * rather than a WeakMap: a WeakMap entry per short-lived record cost about 1.2 µs in GC, more
 * than the serialisation it saves. Sinks format the same records within a batch of each other
 * (they fill their batches from the same `next` call), so a text is found while it is in either
 * generation; a miss only means it is made again.
 */
export class ExtraJsonMemo {
  #current = new Map<LogRecord, string>();
  #previous = new Map<LogRecord, string>();
  /** Attached sinks that read texts from this memo. */
  #sharers = 0;

  /** Declares one more sink reading from this memo; call the returned function when it detaches. */
  share(): () => void {
    this.#sharers++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#sharers--;
      // With one sink left the texts may still be found (sinks finishing one after another at
      // complete()), but nothing new is kept; with none, nothing can be.
      if (this.#sharers === 0) {
        this.#current = new Map();
        this.#previous = new Map();
      }
    };
  }

  /** `safeStringify(record.extra)`, made once while two or more sinks share this memo. */
  text(record: LogRecord): string {
    let text = this.#current.get(record) ?? this.#previous.get(record);
    if (text === undefined) {
      text = safeStringify(record.extra);
      if (this.#sharers < 2) return text;
      if (this.#current.size >= GENERATION) {
        this.#previous = this.#current;
        this.#current = new Map();
      }
      this.#current.set(record, text);
    }
    return text;
  }
}
