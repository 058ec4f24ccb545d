/**
 * The counts behind `flowlog stats`, gathered record by record in bounded memory. Pure.
 *
 * Levels are nine counters; records per minute are kept for every minute that has records (a
 * month of logs is ~43,000 entries); loggers and messages go through a BoundedCounter, which
 * keeps the most frequent keys exactly while there are few, and past its capacity forgets the
 * rarer half, so a file of a million distinct messages cannot exhaust memory.
 */
import { LEVEL_NAMES, type LevelName, type LogRecord } from "../index.js";

/** Distinct loggers and messages tracked exactly before the rarer half is forgotten. */
export const COUNTER_CAPACITY = 10_000;
const MINUTE_MS = 60_000;

/**
 * Counts per key, holding at most `capacity` keys. When full, the keys whose count is at or
 * below the median are dropped (at least half), so each count kept is exact from the moment
 * its key was last admitted (a lower bound of the true count) and `approximate` turns true.
 * Amortised cost: one sort of `capacity` counts per `capacity / 2` new keys.
 */
export class BoundedCounter {
  readonly #counts = new Map<string, number>();
  #approximate = false;

  constructor(private readonly capacity = COUNTER_CAPACITY) {}

  add(key: string, by = 1): void {
    const count = this.#counts.get(key);
    if (count !== undefined) {
      this.#counts.set(key, count + by);
      return;
    }
    if (this.#counts.size >= this.capacity) this.#forgetRarerHalf();
    this.#counts.set(key, by);
  }

  /** True once some keys were forgotten: counts may then be below the truth. */
  get approximate(): boolean {
    return this.#approximate;
  }

  get size(): number {
    return this.#counts.size;
  }

  /** The `n` largest counts, largest first; ties by key. */
  top(n: number): [string, number][] {
    return [...this.#counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
  }

  #forgetRarerHalf(): void {
    const counts = [...this.#counts.values()].sort((a, b) => a - b);
    const median = counts[Math.floor((counts.length - 1) / 2)];
    for (const [key, count] of this.#counts) if (count <= median) this.#counts.delete(key);
    this.#approximate = true;
  }
}

export interface Stats {
  /** Records counted (after filters). */
  readonly records: number;
  /** Lines that were not records. */
  readonly otherLines: number;
  readonly levels: ReadonlyMap<LevelName, number>;
  readonly loggers: BoundedCounter;
  readonly messages: BoundedCounter;
  /** Epoch ms of the start of each minute that has records, to its count. */
  readonly perMinute: ReadonlyMap<number, number>;
  /** Earliest and latest record time (NaN when no record had a valid time). */
  readonly first: number;
  readonly last: number;
}

export class StatsAggregator {
  #records = 0;
  #otherLines = 0;
  readonly #levels = new Map<LevelName, number>(LEVEL_NAMES.map((name) => [name, 0]));
  readonly #loggers = new BoundedCounter();
  readonly #messages = new BoundedCounter();
  readonly #perMinute = new Map<number, number>();
  #first = Number.NaN;
  #last = Number.NaN;

  add(record: LogRecord): void {
    this.#records++;
    this.#levels.set(record.level, (this.#levels.get(record.level) ?? 0) + 1);
    this.#loggers.add(record.logger);
    this.#messages.add(record.msg);
    const time = record.time;
    if (!Number.isFinite(time)) return;
    const minute = Math.floor(time / MINUTE_MS) * MINUTE_MS;
    this.#perMinute.set(minute, (this.#perMinute.get(minute) ?? 0) + 1);
    if (!(time >= this.#first)) this.#first = time;
    if (!(time <= this.#last)) this.#last = time;
  }

  addOtherLine(): void {
    this.#otherLines++;
  }

  result(): Stats {
    return {
      records: this.#records,
      otherLines: this.#otherLines,
      levels: this.#levels,
      loggers: this.#loggers,
      messages: this.#messages,
      perMinute: this.#perMinute,
      first: this.#first,
      last: this.#last,
    };
  }
}

/** Counts per minute from the first minute to the last, zeros included (for the sparkline). */
export function minuteSeries(perMinute: ReadonlyMap<number, number>): { start: number; counts: number[] } {
  if (perMinute.size === 0) return { start: Number.NaN, counts: [] };
  const minutes = [...perMinute.keys()];
  const start = Math.min(...minutes);
  const end = Math.max(...minutes);
  const counts = new Array<number>((end - start) / MINUTE_MS + 1).fill(0);
  for (const [minute, count] of perMinute) counts[(minute - start) / MINUTE_MS] = count;
  return { start, counts };
}

/** The `n` minutes with the most records, busiest first (earlier first on a tie). */
export function busiestMinutes(perMinute: ReadonlyMap<number, number>, n: number): [number, number][] {
  return [...perMinute].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, n);
}
