import type { OperatorFunction, SchedulerAction, SchedulerLike, Subscription } from "rxjs";
import { Observable } from "rxjs/internal/Observable";
import { asyncScheduler } from "rxjs/internal/scheduler/async";
import { FlowlogSinkError } from "../core/errors.js";
import { timerDelay } from "../core/durations.js";
import { operatorObserver } from "./operator-observer.js";
import { immediateScheduler } from "./immediate-scheduler.js";

/** How {@link flushableBatch} decides that a batch is ready. */
export interface FlushableBatchOptions {
  /** How long the first item of a batch may wait, in ms. `<= 0` emits every item at once, alone. */
  readonly timeMs: number;
  /** A batch is emitted as soon as it holds this many items: an integer >= 1, or Infinity. */
  readonly maxCount: number;
  /** Each emission emits the pending batch now (synchronously), if there is one. */
  readonly flush$?: Observable<unknown>;
  /** Time source of the batch timer. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Hands full batches off the caller's stack instead of emitting them inside the `next` call
   * that filled them. Without it, a batch that reaches `maxCount` is emitted at once.
   */
  readonly handOff?: HandOffOptions;
}

/** How {@link flushableBatch} hands full batches off the caller's stack, and when a caller must help. */
export interface HandOffOptions {
  /**
   * Items that may wait (full batches handed off plus the batch being filled) before the caller
   * must help: an integer >= 1. This is the memory bound of a synchronous burst, which never
   * yields to let the handed-off batches go.
   */
  readonly maxWaiting: number;
  /** Items a helping caller emits (the oldest waiting ones): an integer >= 1, keep it below `maxCount`. */
  readonly helpCount: number;
  /**
   * Items the first help emits (default `helpCount`); each later help emits twice the previous,
   * up to `helpCount`. The first helps run on code the JIT has not optimised yet, where each
   * item costs several times more: starting small keeps those calls short.
   */
  readonly firstHelpCount?: number;
  /**
   * While fewer than `warmAfter` items have been emitted, helps stop doubling at
   * `coldHelpCount` (default: no cold cap). The code an emission runs gets optimised after a
   * number of items, not a number of calls: counting items keeps the cold helps small however
   * the doubling went, and the rule does not depend on the machine's load.
   */
  readonly coldHelpCount?: number;
  /** Items emitted (by any path) after which helps may grow past `coldHelpCount`; without it, no cold cap. */
  readonly warmAfter?: number;
  /** Runs the emission of handed-off batches. Default {@link immediateScheduler} (`setImmediate`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * Collects items into arrays and emits an array when its first item has waited `timeMs`, when it
 * reaches `maxCount` items, or when `flush$` emits, whichever comes first. Never emits an empty
 * array.
 *
 * <span class="informal">`bufferTime(timeMs, null, maxCount)` without the empty arrays and the
 * idle ticking, plus a flush signal.</span>
 *
 * Unlike `bufferTime`, the timer is started by the first item that enters an empty buffer and
 * is cancelled when the buffer is emitted: an idle pipeline holds no timer, so it never keeps
 * the process alive and never wakes up for nothing.
 *
 * With `handOff`, a batch that reaches `maxCount` is set aside and emitted from
 * `handOff.scheduler` (`setImmediate`), not inside the `next` call that filled it. A synchronous
 * burst never yields, so the waiting items are bounded: when more than `handOff.maxWaiting` wait,
 * the call that pushed the excess emits the oldest `handOff.helpCount` items itself (a part of a
 * batch, not a whole one). Items always leave in order; the time limit and `flush$` emit
 * everything waiting.
 *
 * - Source completes: the pending batch is emitted, then the output completes.
 * - Source (or `flush$`) errors: the pending batch is emitted, then the error is forwarded.
 * - Unsubscribe: the timer and the `flush$` subscription are released and the pending batch is
 *   dropped: unsubscribing is a hard stop. Emit `flush$` first to keep the pending items.
 *
 * ## Example
 *
 * Write records in batches of up to 100, at most 250 ms after the first one, and at once
 * when the logger asks for a flush
 *
 * ```ts
 * records$
 *   .pipe(flushableBatch({ timeMs: 250, maxCount: 100, flush$: context.flush$ }))
 *   .subscribe((batch) => appendLines(batch));
 * ```
 *
 * @param options Time limit, count limit, flush signal and scheduler.
 * @return A function that returns an Observable of non-empty arrays of the source's items, in order.
 * @throws FlowlogSinkError when `maxCount` is not an integer >= 1 (or Infinity), or `timeMs` is NaN.
 */
export function flushableBatch<T>(options: FlushableBatchOptions): OperatorFunction<T, T[]> {
  const { timeMs, maxCount, flush$, scheduler = asyncScheduler } = options;
  if (!(Number.isInteger(maxCount) && maxCount >= 1) && maxCount !== Infinity) {
    throw new FlowlogSinkError(`flushableBatch: maxCount must be an integer >= 1 or Infinity, got ${String(maxCount)}`);
  }
  if (typeof timeMs !== "number" || Number.isNaN(timeMs)) {
    throw new FlowlogSinkError(`flushableBatch: timeMs must be a number of milliseconds, got ${String(timeMs)}`);
  }
  if (options.handOff !== undefined) checkHandOff(options.handOff);
  const handOff = options.handOff;

  return (source) =>
    new Observable<T[]>((subscriber) => {
      // Items waiting for the next emission; null once the subscription has ended.
      let buffer: T[] | null = [];
      // Full batches handed off, oldest first, and how many items they hold (handOff only).
      let ready: T[][] = [];
      let readyCount = 0;
      // The pending hand-off emission; null when none is scheduled.
      let handOffTask: Subscription | null = null;
      // Items the next helping caller emits: grows from firstHelpCount to helpCount.
      let helpCount = handOff === undefined ? 0 : Math.min(handOff.firstHelpCount ?? handOff.helpCount, handOff.helpCount);
      // Items emitted so far: decides when helps may grow past their cold cap.
      let emitted = 0;
      // The pending timed emission of the current buffer; null whenever the buffer is empty.
      let timer: Subscription | null = null;

      /** Emits everything waiting: the handed-off batches, then the buffer. */
      const emit = (): void => {
        stopTimer();
        stopHandOff();
        emitReady(Infinity);
        if (buffer === null || buffer.length === 0) return;
        const batch = buffer;
        buffer = [];
        emitted += batch.length;
        subscriber.next(batch);
      };

      /** Emits the oldest handed-off items, up to `limit`, in batches as they were filled. */
      const emitReady = (limit: number): void => {
        let left = limit;
        while (ready.length > 0 && left > 0 && buffer !== null) {
          const head = ready[0];
          const batch = head.length <= left ? (ready.shift() as T[]) : head.splice(0, left);
          readyCount -= batch.length;
          left -= batch.length;
          emitted += batch.length;
          subscriber.next(batch);
        }
      };

      const stopTimer = (): void => {
        // Unsubscribing also removes the timer from the subscriber's finalisers.
        timer?.unsubscribe();
        timer = null;
      };

      const stopHandOff = (): void => {
        handOffTask?.unsubscribe();
        handOffTask = null;
      };

      const startTimer = (): void => {
        timer = scheduler.schedule(emit, timerDelay(timeMs));
        subscriber.add(timer);
      };

      /** Sets the full buffer aside for the hand-off scheduler; the next item starts a new batch. */
      const handOffBuffer = (settings: HandOffOptions): void => {
        if (buffer === null) return;
        stopTimer();
        ready.push(buffer);
        readyCount += buffer.length;
        buffer = [];
        if (handOffTask === null) {
          handOffTask = (settings.scheduler ?? immediateScheduler).schedule(function (this: SchedulerAction<unknown>) {
            handOffTask = null;
            // Done: leaves the subscriber's finalisers, which would otherwise keep one task per
            // hand-off for as long as the sink lives.
            this.unsubscribe();
            emitReady(Infinity);
          });
          subscriber.add(handOffTask);
        }
      };

      const push = (item: T): void => {
        if (buffer === null) return;
        buffer.push(item);
        if (timeMs <= 0) emit();
        else if (buffer.length >= maxCount) {
          if (handOff === undefined) emit();
          else handOffBuffer(handOff);
        } else if (timer === null) startTimer();
        // The burst's memory bound: past it, this caller moves the oldest waiting items on itself.
        if (handOff !== undefined && buffer !== null && readyCount + buffer.length > handOff.maxWaiting) {
          // Not enough set aside: the batch being filled joins them (and the next item starts a new one).
          if (readyCount < helpCount) handOffBuffer(handOff);
          emitReady(helpCount);
          helpCount = nextHelpCount(handOff, helpCount, emitted);
        }
      };

      const emitThenError = (err: unknown): void => {
        emit();
        subscriber.error(err);
      };

      const emitThenComplete = (): void => {
        emit();
        subscriber.complete();
      };

      primeTimer(scheduler, timeMs);
      // Registered first so that it is in place even if a synchronous source ends everything below.
      subscriber.add(() => {
        stopTimer();
        stopHandOff();
        buffer = null;
        ready = [];
        readyCount = 0;
      });
      subscriber.add(source.subscribe(operatorObserver(subscriber, { next: push, error: emitThenError, complete: emitThenComplete })));
      // After the source: a stage upstream that also listens to flush$ (coalescing windows) has
      // subscribed to it by now, so on a flush it hands its held records on before this batch goes.
      if (flush$ !== undefined && !subscriber.closed) {
        subscriber.add(flush$.subscribe(operatorObserver(subscriber, { next: emit, error: emitThenError, complete: () => undefined })));
      }
    });
}

/**
 * Sets and cancels one batch timer at subscribe: the first time that code runs it is compiled
 * (0.3 ms for the cancel alone, measured), and without this the first run is inside the log call
 * that fills the first batch. Only Node's timers have cold code worth priming: a virtual
 * scheduler (tests) is left alone.
 */
function primeTimer(scheduler: SchedulerLike, timeMs: number): void {
  if (timeMs > 0 && scheduler === asyncScheduler) scheduler.schedule(() => undefined, timerDelay(timeMs)).unsubscribe();
}

/** The next help's size: twice the last, up to `helpCount`, and up to `coldHelpCount` while fewer than `warmAfter` items have gone. */
function nextHelpCount(handOff: HandOffOptions, last: number, emitted: number): number {
  const cap = handOff.coldHelpCount !== undefined && emitted < (handOff.warmAfter ?? 0) ? Math.min(handOff.coldHelpCount, handOff.helpCount) : handOff.helpCount;
  return Math.min(last * 2, cap);
}

function checkHandOff(handOff: HandOffOptions): void {
  for (const name of ["maxWaiting", "helpCount", "firstHelpCount", "coldHelpCount", "warmAfter"] as const) {
    const value = handOff[name];
    if (name !== "maxWaiting" && name !== "helpCount" && value === undefined) continue;
    if (value === undefined || !(Number.isInteger(value) && value >= 1)) {
      throw new FlowlogSinkError(`flushableBatch: handOff.${name} must be an integer >= 1, got ${String(value)}`);
    }
  }
}
