import { Observable, asyncScheduler, type OperatorFunction, type SchedulerLike, type Subscription } from "rxjs";
import { FlowlogSinkError } from "../core/errors.js";
import { timerDelay } from "../core/durations.js";
import { operatorObserver } from "./operator-observer.js";

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

  return (source) =>
    new Observable<T[]>((subscriber) => {
      // Items waiting for the next emission; null once the subscription has ended.
      let buffer: T[] | null = [];
      // The pending timed emission of the current buffer; null whenever the buffer is empty.
      let timer: Subscription | null = null;

      /** Emits the buffer if it holds anything; swaps it out first, so items pushed during `next` start a new batch. */
      const emit = (): void => {
        stopTimer();
        if (buffer === null || buffer.length === 0) return;
        const batch = buffer;
        buffer = [];
        subscriber.next(batch);
      };

      const stopTimer = (): void => {
        // Unsubscribing also removes the timer from the subscriber's finalisers.
        timer?.unsubscribe();
        timer = null;
      };

      const startTimer = (): void => {
        timer = scheduler.schedule(emit, timerDelay(timeMs));
        subscriber.add(timer);
      };

      const push = (item: T): void => {
        if (buffer === null) return;
        buffer.push(item);
        if (timeMs <= 0 || buffer.length >= maxCount) emit();
        else if (timer === null) startTimer();
      };

      const emitThenError = (err: unknown): void => {
        emit();
        subscriber.error(err);
      };

      const emitThenComplete = (): void => {
        emit();
        subscriber.complete();
      };

      // Registered first so that it is in place even if a synchronous source ends everything below.
      subscriber.add(() => {
        stopTimer();
        buffer = null;
      });
      subscriber.add(source.subscribe(operatorObserver(subscriber, { next: push, error: emitThenError, complete: emitThenComplete })));
      // After the source: a stage upstream that also listens to flush$ (coalescing windows) has
      // subscribed to it by now, so on a flush it hands its held records on before this batch goes.
      if (flush$ !== undefined && !subscriber.closed) {
        subscriber.add(flush$.subscribe(operatorObserver(subscriber, { next: emit, error: emitThenError, complete: () => undefined })));
      }
    });
}
