import type { Observable, SchedulerAction, SchedulerLike, Subscription } from "rxjs";
import { Observable as RxObservable } from "rxjs/internal/Observable";
import { Subscriber } from "rxjs/internal/Subscriber";
import { FlowlogSinkError } from "../core/errors.js";
import { immediateScheduler, primeImmediate } from "./immediate-scheduler.js";

/** How {@link offStackIntake} takes items and when a caller must help. */
export interface OffStackIntakeOptions<T> {
  /**
   * Runs inside the source's `next` call and says whether the item is taken: items it refuses
   * are neither held nor emitted. The place for a level check and a count that must be made
   * when the item arrives, not later. Must not throw.
   */
  readonly accept: (item: T) => boolean;
  /**
   * Items that may wait for the scheduler: an integer >= 1. Past it, the `next` call that adds
   * one emits the oldest `helpCount` itself. This is the memory bound of a synchronous burst,
   * which never yields to let the scheduler run.
   */
  readonly maxWaiting: number;
  /** Items a helping caller emits (the oldest waiting ones): an integer >= 1. */
  readonly helpCount: number;
  /** Runs the hand-off. Default {@link immediateScheduler} (`setImmediate`). */
  readonly scheduler?: SchedulerLike;
}

/** The items of {@link offStackIntake}, and the way to move everything waiting on now. */
export interface OffStackIntake<T> {
  readonly items$: Observable<T>;
  /** Emits every item waiting now, synchronously (a flush before a hard stop or at exit). */
  flush(): void;
}

/**
 * Takes the source's items without doing anything with them inside the `next` call that brings
 * them: an accepted item is appended to an array, and one task on `scheduler` (`setImmediate`)
 * emits everything waiting, in order, once the caller has returned. Whatever the stages
 * downstream do per item (open coalescing windows, set timers, fill and hand on batches) then
 * runs off the caller's stack.
 *
 * <span class="informal">`observeOn(asapScheduler)` with one task per burst instead of one per
 * item, a bound on what may wait, and a flush.</span>
 *
 * It subscribes to the source with a `Subscriber` of its own whose `next` is that append: a
 * `Subject` calls it directly, without the shared `Subscriber.next` / `filter` / `tap` code
 * the other subscribers of the subject run per item. So the items it takes add no calls to
 * that shared code, and do not bring its optimisation (a TurboFan compile, which took 0.6 to
 * 1.4 ms of a log call on a busy 2-core machine) into the calls.
 *
 * A synchronous burst never yields, so what waits is bounded: when more than `maxWaiting` items
 * wait, the call that added the excess emits the oldest `helpCount` itself. A task emits the
 * items that were waiting when it started; items added meanwhile (a stage downstream whose work
 * feeds the source) wait for the next task.
 *
 * - Source completes: everything waiting is emitted, then the output completes.
 * - Source errors: everything waiting is emitted, then the error is forwarded.
 * - `flush()`: everything waiting is emitted now.
 * - Unsubscribe: the task is cancelled and the waiting items are dropped: unsubscribing is a
 *   hard stop. Call `flush()` first to keep them.
 * - A throw from downstream while emitting becomes an error notification downstream; it never
 *   reaches the caller of the source's `next`.
 *
 * One subscription at a time: `flush()` serves the latest.
 *
 * @param source The items.
 * @param options What is taken, the bound, the help size and the scheduler.
 * @return The items, emitted off the caller's stack, and their flush.
 * @throws FlowlogSinkError when `maxWaiting` or `helpCount` is not an integer >= 1.
 */
export function offStackIntake<T>(source: Observable<T>, options: OffStackIntakeOptions<T>): OffStackIntake<T> {
  for (const name of ["maxWaiting", "helpCount"] as const) {
    const value = options[name];
    if (!(Number.isInteger(value) && value >= 1)) throw new FlowlogSinkError(`offStackIntake: ${name} must be an integer >= 1, got ${String(value)}`);
  }
  let current: IntakeSubscriber<T> | null = null;
  const items$ = new RxObservable<T>((subscriber) => {
    const intake = new IntakeSubscriber(subscriber, options);
    current = intake;
    source.subscribe(intake);
  });
  return {
    items$,
    flush: () => current?.emitAll(),
  };
}

class IntakeSubscriber<T> extends Subscriber<T> {
  readonly #accept: (item: T) => boolean;
  readonly #maxWaiting: number;
  readonly #helpCount: number;
  readonly #scheduler: SchedulerLike;
  /**
   * Items waiting: `#waiting[#head]` up to `#waiting[#count - 1]`, oldest first. Made at subscribe
   * with room for a burst and reused, so a log call writes into it without allocating.
   */
  #waiting: (T | undefined)[];
  #head = 0;
  #count = 0;
  /** The pending hand-off; null when none is scheduled. */
  #task: Subscription | null = null;
  /** True while items are being emitted: a call that arrives meanwhile only appends. */
  #emitting = false;

  constructor(destination: Subscriber<T>, options: OffStackIntakeOptions<T>) {
    // Joins the destination's finalisers: unsubscribing downstream ends this too.
    super(destination);
    this.#accept = options.accept;
    this.#maxWaiting = options.maxWaiting;
    this.#helpCount = options.helpCount;
    this.#scheduler = options.scheduler ?? immediateScheduler;
    this.#waiting = new Array<T | undefined>(roomFor(this.#maxWaiting));
    primeImmediate(this.#scheduler);
  }

  /** The source's item: appended, and the hand-off scheduled. Nothing else runs here. */
  override next(item: T): void {
    if (this.isStopped || !this.#accept(item)) return;
    // Past the room made at subscribe the array grows (amortised), up to the bound below.
    this.#waiting[this.#count++] = item;
    if (this.#task === null) this.#schedule();
    // The burst's memory bound: past it, this caller moves the oldest waiting items on itself.
    if (!this.#emitting && this.#count - this.#head > this.#maxWaiting) this.#emitUntil(this.#head + this.#helpCount);
  }

  override error(err: unknown): void {
    if (this.isStopped) return;
    this.emitAll();
    super.error(err);
  }

  override complete(): void {
    if (this.isStopped) return;
    this.emitAll();
    super.complete();
  }

  override unsubscribe(): void {
    this.#stopTask();
    this.#waiting = [];
    this.#head = 0;
    this.#count = 0;
    super.unsubscribe();
  }

  emitAll(): void {
    this.#stopTask();
    this.#emitUntil(this.#count);
  }

  #schedule(): void {
    const intake = this;
    const task = this.#scheduler.schedule(function (this: SchedulerAction<unknown>) {
      intake.#task = null;
      // Done: a finished task must not stay among the finalisers.
      this.unsubscribe();
      intake.#emitUntil(intake.#count);
      // Added while emitting (a stage downstream whose work feeds the source): the next task takes them.
      if (intake.#head < intake.#count && intake.#task === null && !intake.closed) intake.#schedule();
    });
    // A scheduler that ran the task at once has nothing pending.
    if (!task.closed) this.#task = task;
  }

  #stopTask(): void {
    this.#task?.unsubscribe();
    this.#task = null;
  }

  /** Emits the waiting items before index `end`, oldest first; a throw downstream becomes its error. */
  #emitUntil(end: number): void {
    if (this.#emitting) return;
    this.#emitting = true;
    try {
      while (this.#head < end && this.#head < this.#count && !this.closed) {
        const item = this.#waiting[this.#head] as T;
        // Not kept alive by the array once it has moved on.
        this.#waiting[this.#head++] = undefined;
        this.destination.next(item);
      }
    } catch (thrown) {
      this.#emitting = false;
      // Never to the caller: downstream learns of it as an error (the sink runner restarts the sink).
      if (!this.closed) this.destination.error(thrown);
      return;
    }
    this.#emitting = false;
    if (this.#head >= this.#count) {
      // All emitted (each slot already cleared): the array is reused from the start, or replaced
      // by one of the usual room if a burst grew it well past that.
      this.#head = 0;
      this.#count = 0;
      if (this.#waiting.length > 4 * roomFor(this.#maxWaiting)) this.#waiting = new Array<T | undefined>(roomFor(this.#maxWaiting));
    } else if (this.#head > this.#maxWaiting) {
      // Helping callers leave an emitted prefix behind: dropped once it is as long as the bound.
      this.#waiting = this.#waiting.slice(this.#head, this.#count);
      this.#count -= this.#head;
      this.#head = 0;
    }
  }
}

/** Slots made at subscribe: a burst of this many waits without the array growing in a log call. */
const INITIAL_ROOM = 1024;

function roomFor(maxWaiting: number): number {
  return Math.min(maxWaiting + 1, INITIAL_ROOM);
}
