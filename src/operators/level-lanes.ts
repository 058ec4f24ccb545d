/**
 * The waiting room of a bounded delivery stage, shaped for its two questions: "which item is
 * the oldest?" (to send next) and "which is the newest item of the lowest level?" (to shed).
 *
 * Records are kept in one FIFO lane per level (`levelOf`), each stamped with a global arrival number.
 * The oldest item overall is the smallest of the lane heads, the newest of the lowest level is
 * one lane's tail, and there are only as many lanes as distinct levels (nine), so every operation
 * costs O(lanes) whatever the number of items.
 *
 * Lanes are arrays with a moving head: `Array.prototype.shift` on a 10,000-element array copies
 * the whole array every time.
 *
 * @internal shared machinery of {@link boundedDelivery}, not part of the public surface.
 */
export class LevelLanes<T> {
  /** Lanes in ascending level order, created on first use. */
  private readonly lanes: Lane<T>[] = [];
  /** Arrival number of the next item pushed: orders items across lanes. */
  private nextSeq = 0;
  /** Records waiting across all lanes. */
  size = 0;

  /** @param levelOf An item's level: lower levels are shed first. */
  constructor(private readonly levelOf: (item: T) => number) {}

  /** Adds an item as the newest of its level. */
  push(item: T): void {
    this.laneFor(this.levelOf(item)).push(item, this.nextSeq++);
    this.size++;
  }

  /** Removes and returns the item that arrived first, or undefined when empty. */
  shiftOldest(): T | undefined {
    let oldest: Lane<T> | undefined;
    for (const lane of this.lanes) {
      if (lane.size > 0 && (oldest === undefined || lane.headSeq() < oldest.headSeq())) oldest = lane;
    }
    if (oldest === undefined) return undefined;
    this.size--;
    return oldest.shift();
  }

  /** The lowest level with a waiting item; Infinity when empty. */
  lowestLevel(): number {
    return this.lowestLane()?.level ?? Infinity;
  }

  /** Removes and returns the newest item of the lowest waiting level, or undefined when empty. */
  popNewestOfLowest(): T | undefined {
    const lane = this.lowestLane();
    if (lane === undefined) return undefined;
    this.size--;
    return lane.pop();
  }

  /** Removes every item and returns them oldest first. */
  drain(): T[] {
    const items: T[] = [];
    for (let item = this.shiftOldest(); item !== undefined; item = this.shiftOldest()) items.push(item);
    return items;
  }

  private lowestLane(): Lane<T> | undefined {
    for (const lane of this.lanes) if (lane.size > 0) return lane;
    return undefined;
  }

  private laneFor(level: number): Lane<T> {
    let index = 0;
    while (index < this.lanes.length && this.lanes[index].level < level) index++;
    if (this.lanes[index]?.level === level) return this.lanes[index];
    const lane = new Lane<T>(level);
    this.lanes.splice(index, 0, lane);
    return lane;
  }
}

/** Below this many consumed slots a lane never compacts: copying small arrays is not worth it. */
const COMPACT_AFTER = 1024;

/** One level's items, oldest first, with their arrival numbers in a parallel array. */
class Lane<T> {
  /** Slots before `head` are consumed (cleared so the items can be collected). */
  private readonly items: (T | undefined)[] = [];
  /** `seqs[i]` is the arrival number of `items[i]`. */
  private readonly seqs: number[] = [];
  /** Index of the oldest item still waiting. */
  private head = 0;

  constructor(readonly level: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  headSeq(): number {
    return this.seqs[this.head];
  }

  push(item: T, seq: number): void {
    this.items.push(item);
    this.seqs.push(seq);
  }

  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head++;
    if (this.head === this.items.length) this.reset();
    else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.items.length) this.compact();
    return item;
  }

  pop(): T {
    const item = this.items.pop() as T;
    this.seqs.pop();
    if (this.head === this.items.length) this.reset();
    return item;
  }

  private reset(): void {
    this.items.length = 0;
    this.seqs.length = 0;
    this.head = 0;
  }

  /** Drops the consumed prefix; amortised O(1) because it runs only once half the array is consumed. */
  private compact(): void {
    this.items.splice(0, this.head);
    this.seqs.splice(0, this.head);
    this.head = 0;
  }
}
