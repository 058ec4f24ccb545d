import type { LogRecord } from "../core/record.js";
import { JsonBytesOut, safeStringify, writeSafeStringify } from "../serialize/index.js";

/** Where one sink stands in its logger's {@link ExtraJsonMemo}: a field of its FormatCache. */
export interface ExtraJsonReader {
  /** The memo this sink shares with its logger's other file sinks, if any. */
  readonly extra: ExtraJsonMemo | undefined;
  /** The position in the memo of the next text this sink expects; NaN until it has found its place. */
  extraCursor: number;
}

/**
 * The JSON text of a record's `extra` (NDJSON, text and CSV write it). With a memo (the one a
 * sink shares with its logger's other file sinks, in its FormatCache), the text is made once
 * for all of them: with three file sinks, a record's `extra` is serialised once, not three times.
 */
export function extraJson(record: LogRecord, reader: ExtraJsonReader | undefined): string {
  const memo = reader?.extra;
  return memo === undefined ? safeStringify(record.extra) : memo.text(record, reader as ExtraJsonReader);
}

/**
 * Texts kept: a ring this long. Sinks fill their batches from the same `next` call and write
 * them one after the other, so the last sink to format a record does it within about a batch
 * (2048 records, the hand-off bound, sinks/pipeline.ts) of the first; past the ring a text is
 * made again.
 */
const RING = 8192;
const RING_MASK = RING - 1;
/** The scratch buffer texts are made in (see ExtraJsonMemo's #make). */
const SCRATCH_BYTES = 64 * 1024;
/** How far past its place a sink looks for its record (records it does not get, below its level). */
const LOOKAHEAD = 64;

/**
 * One logger's memo of `extra` texts, made by the logger (runtime/logger-core.ts) and handed to
 * its sinks; a second logger has its own, so neither keeps the other's records alive.
 *
 * It keeps texts only while two or more of the logger's sinks that write `extra` this way are
 * attached ({@link share}): with one, there is nothing to share, and keeping texts would only
 * keep records alive across garbage collections (measured: +10 to +25 MB of peak RSS in a
 * 200,000-record burst).
 *
 * The sinks format the same records in the same order, a batch each in turn, so the memo is a
 * ring of (record, text) in the order the first sink formatted them, and each sink keeps its
 * place in it (ExtraJsonReader): the sink that is first to a record (its place is the ring's
 * end) makes the text and appends it; the others find it at their place, checked by identity.
 * A text is let go as soon as every other sharer has read it, so it does not outlive the last
 * sink's batch. No map: a Map keyed by records (two generations of 4,096) gave back most of
 * what it saved in lookups, rehashing and the records and texts it kept alive through
 * scavenges; the ring takes 18% less CPU for json + text + csv (a WeakMap cost ~1.2 µs a record
 * in GC).
 * A sink whose records differ (another level) finds its record within LOOKAHEAD of its place or
 * makes the text itself; identity decides, so a miss only means work done twice.
 */
export class ExtraJsonMemo {
  #records: Array<LogRecord | undefined> = [];
  #texts: Array<string | undefined> = [];
  /** How many sinks are still to read each slot's text (the sharers but its maker, when it was made). */
  #unread = new Uint8Array(0);
  /** Texts appended so far (the ring's end, as a position that only grows). */
  #end = 0;
  /** Attached sinks that read texts from this memo. */
  #sharers = 0;
  /** Where texts are made: see {@link #make}. */
  readonly #out = new JsonBytesOut();
  #scratch: Buffer | undefined = undefined;

  /** Declares one more sink reading from this memo; call the returned function when it detaches. */
  share(): () => void {
    this.#sharers++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#sharers--;
      // With one sink left nothing new is kept; with none, nothing can be read: let go of all.
      if (this.#sharers === 0) {
        this.#scratch = undefined;
        this.#records = [];
        this.#texts = [];
        this.#unread = new Uint8Array(0);
      }
    };
  }

  /** True while two or more sinks read texts from this memo: then a text is made once for all. */
  get shared(): boolean {
    return this.#sharers >= 2;
  }

  /** `safeStringify(record.extra)`, made once while two or more sinks share this memo. */
  text(record: LogRecord, reader: ExtraJsonReader): string {
    // Nothing kept, nothing to keep: one sink writes extra.
    if (this.#sharers < 2 && this.#texts.length === 0) return this.#make(record);
    const end = this.#end;
    let cursor = reader.extraCursor;
    // A sink that has not found its place yet (new): it is where its record is, or at the end.
    if (Number.isNaN(cursor)) {
      const found = this.#find(record, Math.max(0, end - RING), end);
      cursor = found < 0 ? end : found;
    }
    if (cursor < end) {
      const from = Math.max(cursor, end - RING);
      const found = this.#find(record, from, Math.min(end, from + LOOKAHEAD));
      // Not near its place (a record the others did not get, or the ring moved on): made here.
      if (found < 0) return this.#make(record);
      reader.extraCursor = found + 1;
      return this.#read(found & RING_MASK);
    }
    // First to this record: make the text and keep it for the others.
    const text = this.#make(record);
    // With one sink left (the others finished at complete()) texts are still found, not kept.
    if (this.#sharers < 2) return text;
    if (this.#texts.length === 0) {
      this.#records = new Array<LogRecord | undefined>(RING).fill(undefined);
      this.#texts = new Array<string | undefined>(RING).fill(undefined);
      this.#unread = new Uint8Array(RING);
    }
    const slot = end & RING_MASK;
    this.#records[slot] = record;
    this.#texts[slot] = text;
    this.#unread[slot] = Math.min(255, this.#sharers - 1);
    this.#end = end + 1;
    reader.extraCursor = end + 1;
    return text;
  }

  /**
   * `safeStringify(record.extra)`, made as UTF-8 bytes in this memo's scratch buffer and read
   * back as one flat string: the string walk left ~1 KB of short strings a record (each piece,
   * then the joined text) and a tree of them that the text sink's escape test and every write
   * had to flatten again. An `extra` whose text is larger than the scratch buffer is made as a
   * string after all (its getters then run a second time: as for any record that fills a write buffer).
   */
  #make(record: LogRecord): string {
    const scratch = (this.#scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES));
    const out = this.#out;
    out.start(scratch, 0);
    writeSafeStringify(record.extra, out);
    return out.overflow ? safeStringify(record.extra) : scratch.toString("utf8", 0, out.position);
  }

  /** The position in [from, to) holding `record`, or -1. */
  #find(record: LogRecord, from: number, to: number): number {
    for (let at = from; at < to; at++) if (this.#records[at & RING_MASK] === record) return at;
    return -1;
  }

  /** The text in `slot`, let go once every sharer but its maker has read it. */
  #read(slot: number): string {
    const text = this.#texts[slot] as string;
    if (--this.#unread[slot] === 0) {
      this.#records[slot] = undefined;
      this.#texts[slot] = undefined;
    }
    return text;
  }
}
