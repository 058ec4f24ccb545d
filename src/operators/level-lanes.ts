/**
 * The waiting room of a bounded delivery stage, shaped for its two questions: "which record is
 * the oldest?" (to send next) and "which is the newest record of the lowest level?" (to shed).
 *
 * Records are kept in one FIFO lane per level (`levelOf`), each stamped with a global arrival number.
 * The oldest record overall is the smallest of the lane heads, the newest of the lowest level is
 * one lane's tail, and there are only as many lanes as distinct levels (nine), so every operation
 * costs O(lanes) whatever the number of records.
 *
 * Lanes are arrays with a moving head: `Array.prototype.shift` on a 10,000-element array copies
 * the whole array every time.
 *
 * @internal shared machinery of {@link boundedDelivery}, not part of the public surface.
 */
export class LevelLanes<T> {
  /** Lanes in ascending level order, created on first use. */
  private readonly lanes: Lane<T>[] = [];
  /** Arrival number of the next record pushed: orders records across lanes. */
  private nextSeq = 0;
  /** Records waiting across all lanes. */
  size = 0;

  /** @param levelOf An item's level (a record's `levelno`): lower levels are shed first. */
  constructor(private readonly levelOf: (item: T) => number) {}

  /** Adds a record as the newest of its level. */
  push(record: T): void {
    this.laneFor(this.levelOf(record)).push(record, this.nextSeq++);
    this.size++;
  }

  /** Removes and returns the record that arrived first, or undefined when empty. */
  shiftOldest(): T | undefined {
    let oldest: Lane<T> | undefined;
    for (const lane of this.lanes) {
      if (lane.size > 0 && (oldest === undefined || lane.headSeq() < oldest.headSeq())) oldest = lane;
    }
    if (oldest === undefined) return undefined;
    this.size--;
    return oldest.shift();
  }

  /** The lowest levelno with a waiting record; Infinity when empty. */
  lowestLevel(): number {
    return this.lowestLane()?.levelno ?? Infinity;
  }

  /** Removes and returns the newest record of the lowest waiting level, or undefined when empty. */
  popNewestOfLowest(): T | undefined {
    const lane = this.lowestLane();
    if (lane === undefined) return undefined;
    this.size--;
    return lane.pop();
  }

  /** Removes every record and returns them oldest first. */
  drain(): T[] {
    const records: T[] = [];
    for (let record = this.shiftOldest(); record !== undefined; record = this.shiftOldest()) records.push(record);
    return records;
  }

  private lowestLane(): Lane<T> | undefined {
    for (const lane of this.lanes) if (lane.size > 0) return lane;
    return undefined;
  }

  private laneFor(levelno: number): Lane<T> {
    let index = 0;
    while (index < this.lanes.length && this.lanes[index].levelno < levelno) index++;
    if (this.lanes[index]?.levelno === levelno) return this.lanes[index];
    const lane = new Lane<T>(levelno);
    this.lanes.splice(index, 0, lane);
    return lane;
  }
}

/** Below this many consumed slots a lane never compacts: copying small arrays is not worth it. */
const COMPACT_AFTER = 1024;

/** One level's records, oldest first, with their arrival numbers in a parallel array. */
class Lane<T> {
  /** Slots before `head` are consumed (cleared so the records can be collected). */
  private readonly records: (T | undefined)[] = [];
  /** `seqs[i]` is the arrival number of `records[i]`. */
  private readonly seqs: number[] = [];
  /** Index of the oldest record still waiting. */
  private head = 0;

  constructor(readonly levelno: number) {}

  get size(): number {
    return this.records.length - this.head;
  }

  headSeq(): number {
    return this.seqs[this.head];
  }

  push(record: T, seq: number): void {
    this.records.push(record);
    this.seqs.push(seq);
  }

  shift(): T {
    const record = this.records[this.head] as T;
    this.records[this.head] = undefined;
    this.head++;
    if (this.head === this.records.length) this.reset();
    else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.records.length) this.compact();
    return record;
  }

  pop(): T {
    const record = this.records.pop() as T;
    this.seqs.pop();
    if (this.head === this.records.length) this.reset();
    return record;
  }

  private reset(): void {
    this.records.length = 0;
    this.seqs.length = 0;
    this.head = 0;
  }

  /** Drops the consumed prefix; amortised O(1) because it runs only once half the array is consumed. */
  private compact(): void {
    this.records.splice(0, this.head);
    this.seqs.splice(0, this.head);
    this.head = 0;
  }
}
