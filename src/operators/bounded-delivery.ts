import type { OperatorFunction, SchedulerAction, SchedulerLike } from "rxjs";
import { Observable } from "rxjs/internal/Observable";
import { Subscription } from "rxjs/internal/Subscription";
import { asyncScheduler } from "rxjs/internal/scheduler/async";
import { isObservable } from "rxjs/internal/util/isObservable";
import { FlowlogSinkError } from "../core/errors.js";
import type { DeliveryEvent } from "../core/delivery.js";
import { thrownCode } from "../core/describe-thrown.js";
import type { FailureFacts } from "../core/failure.js";
import { describeDeliveryError, outcomeEvents } from "./delivery-outcome.js";
import { LevelLanes } from "./level-lanes.js";
import { timerDelay } from "../core/durations.js";
import { guardCallback, operatorObserver } from "./operator-observer.js";
import { monotonicMs } from "../core/elapsed.js";

/**
 * What a delivery may report: the records it could not deliver (a subset of its batch), why,
 * and what else it knows about the failure (`code`, `statusCode`, `attempts`: kept on the
 * failed event when well-formed, for the report).
 */
export interface DeliveryResult<T> extends FailureFacts {
  readonly failed?: readonly T[];
  /** Used as is in the failed event: scrub secrets before returning it. */
  readonly error?: string;
}

/** Sends one batch. Settles by returning, resolving, or completing (its last value counts). */
export type Deliver<T> = (
  records: T[],
  signal: AbortSignal,
) => void | DeliveryResult<T> | PromiseLike<void | DeliveryResult<T>> | Observable<void | DeliveryResult<T>>;

export interface BoundedDeliveryOptions<T> {
  /** Records waiting (not in flight) beyond which the lowest levels are shed: an integer >= 1, or Infinity. */
  readonly maxQueue: number;
  /** Deliveries in flight at once: an integer >= 1, or Infinity. */
  readonly concurrency: number;
  /** Records per deliver() call: an integer >= 1, or Infinity. */
  readonly maxBatch: number;
  readonly deliver: Deliver<T>;
  /** A delivery not settled by then is aborted (signal) and its records fail with "timeout after N ms" and code `ETIMEDOUT`. */
  readonly deliverTimeoutMs?: number;
  /** Time source for the timeout. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Turns a thrown or rejected value into the failed event's text (scrub secrets here). Default
   * `${name}: ${message}`, and the failed event then also carries the thrown value's `code`
   * (`EACCES`, `ENOSPC`); with a describer of your own it carries only your text.
   */
  readonly describeError?: (err: unknown) => string;
  /** Called once on unsubscribe (hard stop) with every record still queued or in flight, oldest first. */
  readonly onAbandon?: (records: T[]) => void;
  /**
   * Starts deliveries from this scheduler instead of inside the call that queued their records
   * (the log call that filled a batch): for deliveries whose start is not the point of the call,
   * like an HTTP send. A full queue (maxQueue waiting, a slot free) still starts one at once: that
   * is the bound. Default: start at once.
   */
  readonly launchScheduler?: SchedulerLike;
  /** Told how long each deliver() call ran before returning: the time it held the event loop. */
  readonly onDeliverTime?: (ms: number) => void;
  /**
   * An item's level: when the queue is full, the lowest level is shed first. (For log records,
   * sinks/record-operators.ts gives `levelno` by default.)
   */
  readonly levelOf: (item: T) => number;
  /**
   * How many items one item stands for, in the events' counts: 1 for a plain item. (For log
   * records, `recordWeight`: a coalesced record counts as its `repeated.count`.)
   */
  readonly weightOf: (item: T) => number;
}

/** One deliver() call that has not settled yet. */
interface Flight<T> {
  /** Never changed: the events and the abandon hook report exactly these. */
  readonly records: readonly T[];
  readonly controller: AbortController;
  /** The deliver Observable's subscription and the timeout: released when the flight settles. */
  readonly subscription: Subscription;
}

/**
 * Delivers batches of records through `deliver` with bounded concurrency, a bounded queue that
 * sheds the least important records, per-delivery timeouts, and failures turned into events.
 *
 * <span class="informal">`mergeMap(deliver, concurrency)` with a queue that cannot grow without
 * limit, where a failed delivery is an event, never an error notification.</span>
 *
 * Incoming batches join one FIFO queue. While fewer than `concurrency` deliveries are in flight,
 * the oldest `maxBatch` records are handed to `deliver`. Every record ends in exactly one event:
 * `delivered` (counted per call), `failed` (thrown, rejected, errored, timed out (with
 * `code: "ETIMEDOUT"`), or listed in a {@link DeliveryResult}), or `dropped` with reason `queue_full`: when a record arrives while
 * `maxQueue` records wait and every slot is busy, the record with the lowest level (`levelOf`)
 * among the waiting ones and the newcomer is shed, the newest of them on a tie (so an ERROR is
 * never shed while a DEBUG waits). Drops from one incoming batch make one event. Counts are
 * weights (`weightOf`; for log records `recordWeight`: a coalesced record counts as its
 * `repeated.count`); queue and batch limits count records.
 *
 * Generic over the element type, as `mergeMap` is: log records by default, anything else with
 * `levelOf` and `weightOf` given.
 *
 * An incoming array becomes this operator's, as the arrays RxJS's `buffer*` operators and
 * `flushableBatch` emit are their receiver's: the source must not change an array after
 * emitting it (a batch that finds a slot free is delivered from that very array, uncopied).
 * `deliver` always gets an array of its own, so what it does to it changes nothing here.
 *
 * Source completes: the queue drains, then the output completes. Source errors (an upstream
 * stage crashed): the queue drains, then the output errors with the same error, so the sink
 * runner counts it and restarts the sink instead of the sink stopping unnoticed. Deliveries
 * themselves never error the output.
 * Unsubscribe is the hard stop: in-flight signals are aborted, timers released, and `onAbandon`
 * receives the queued and in-flight records, which produce no events.
 *
 * ## Example
 *
 * ```ts
 * const events$ = batches$.pipe(
 *   boundedDelivery({
 *     maxQueue: 10_000, concurrency: 4, maxBatch: 50, deliverTimeoutMs: 1_000,
 *     deliver: (records, signal) => postJson(url, records.map(toPayload), { signal }),
 *     describeError: (err) => scrubSecrets(describeDeliveryError(err)),
 *     onAbandon: (records) => deadLetter.writeSync(records),
 *   }),
 * );
 * ```
 *
 * @param options Queue bound, concurrency, batch size, the delivery function and its timeout.
 * @return A function that returns an Observable of {@link DeliveryEvent}s, one per outcome.
 * @throws FlowlogSinkError when a count is not an integer >= 1 (or Infinity), or the timeout is not > 0.
 */
export function boundedDelivery<T>(options: BoundedDeliveryOptions<T>): OperatorFunction<readonly T[], DeliveryEvent<T>> {
  const { maxQueue, concurrency, maxBatch, deliver, deliverTimeoutMs, scheduler = asyncScheduler, onAbandon, onDeliverTime, launchScheduler } = options;
  checkOptions(options);
  const describe = (err: unknown): string => describeDeliveryError(err, options.describeError);
  const { levelOf, weightOf } = options;

  return (source) =>
    new Observable<DeliveryEvent<T>>((subscriber) => {
      // Records waiting for a slot, one lane per level; null once the subscription has ended.
      let queue: LevelLanes<T> | null = new LevelLanes<T>(levelOf);
      // Unsettled deliveries in start order, which is also the age order of their records.
      const inFlight = new Set<Flight<T>>();
      // True once the source has completed or errored: the output completes when all is settled.
      let sourceDone = false;
      // The source's error, passed on once what was queued before it has been delivered.
      let sourceError: { readonly error: unknown } | null = null;
      // True while pump's loop runs, so a delivery that settles synchronously does not recurse.
      let pumping = false;
      // The pending pump on launchScheduler; null when none is scheduled.
      let launchTask: Subscription | null = null;

      const admitBatch = (batch: readonly T[]): void => {
        // Nothing waits and a slot is free: the batch would go through the queue untouched and
        // leave as one delivery (the file sink's every batch). It is launched as it is instead,
        // the array itself kept as the flight's records: an emitted array is the receiver's (see
        // the doc above), and launch gives deliver a copy, so nobody changes it.
        if (launchScheduler === undefined && !pumping && queue !== null && queue.size === 0 && inFlight.size < concurrency && batch.length <= maxBatch && batch.length <= maxQueue) {
          if (batch.length > 0) launch(batch);
          return;
        }
        let dropped = 0;
        for (const record of batch) {
          if (queue === null) return;
          dropped += admit(queue, record);
        }
        if (dropped > 0) subscriber.next({ kind: "dropped", count: dropped, reason: "queue_full" });
        pumpSoon();
      };

      /** pump(), from launchScheduler when one is given. */
      const pumpSoon = (): void => {
        if (launchScheduler === undefined) {
          pump();
          return;
        }
        if (launchTask !== null || queue === null) return;
        const run = guardCallback(subscriber, pump);
        launchTask = launchScheduler.schedule(function (this: SchedulerAction<unknown>) {
          launchTask = null;
          this.unsubscribe(); // leaves the subscriber's finalisers
          run();
        });
        subscriber.add(launchTask);
      };

      /** Queues a record, or sheds one when the queue is full and every slot busy; returns the weight shed. */
      const admit = (lanes: LevelLanes<T>, record: T): number => {
        if (lanes.size >= maxQueue && inFlight.size < concurrency) {
          pump();
          if (queue === null) return 0; // hard-stopped by someone reacting to an event
        }
        if (lanes.size < maxQueue) {
          lanes.push(record);
          return 0;
        }
        if (levelOf(record) <= lanes.lowestLevel()) return weightOf(record);
        const shed = lanes.popNewestOfLowest() as T;
        lanes.push(record);
        return weightOf(shed);
      };

      const pump = (): void => {
        if (pumping) return;
        pumping = true;
        try {
          while (queue !== null && queue.size > 0 && inFlight.size < concurrency) launch(takeBatch(queue));
        } finally {
          pumping = false;
        }
        if (sourceDone && queue !== null && queue.size === 0 && inFlight.size === 0) {
          if (sourceError === null) subscriber.complete();
          else subscriber.error(sourceError.error);
        }
      };

      const takeBatch = (lanes: LevelLanes<T>): T[] => {
        const records: T[] = [];
        while (records.length < maxBatch && lanes.size > 0) records.push(lanes.shiftOldest() as T);
        return records;
      };

      const launch = (records: readonly T[]): void => {
        const flight: Flight<T> = { records, controller: new AbortController(), subscription: new Subscription() };
        inFlight.add(flight);
        subscriber.add(flight.subscription);
        try {
          // deliver gets its own array: whatever it does to it, the records stay accounted for.
          const started = monotonicMs();
          let outcome: ReturnType<Deliver<T>>;
          try {
            outcome = deliver(records.slice(), flight.controller.signal);
          } finally {
            onDeliverTime?.(monotonicMs() - started);
          }
          if (isObservable(outcome)) {
            let last: void | DeliveryResult<T> = undefined;
            const subscription = outcome.subscribe({
              next: (value) => (last = value),
              error: guardCallback(subscriber, (err: unknown) => fail(flight, err)),
              complete: guardCallback(subscriber, () => succeed(flight, last)),
            });
            flight.subscription.add(subscription);
          } else if (isPromiseLike(outcome)) {
            // Settling starts the next deliveries (a custom scheduler may throw there): guarded,
            // so a throw fails this stage instead of becoming an unhandled rejection.
            outcome.then(
              guardCallback(subscriber, (value: unknown) => succeed(flight, value)),
              guardCallback(subscriber, (err: unknown) => fail(flight, err)),
            );
          } else {
            succeed(flight, outcome);
          }
        } catch (err) {
          fail(flight, err);
        }
        if (inFlight.has(flight) && deliverTimeoutMs !== undefined) {
          flight.subscription.add(scheduler.schedule(guardCallback(subscriber, () => timeOut(flight)), timerDelay(deliverTimeoutMs)));
        }
      };

      const succeed = (flight: Flight<T>, result: unknown): void => {
        if (inFlight.has(flight)) settle(flight, outcomeEvents(flight.records, result, describe, weightOf));
      };

      const fail = (flight: Flight<T>, err: unknown): void => {
        if (!inFlight.has(flight)) return;
        const code = options.describeError === undefined ? thrownCode(err) : undefined;
        const event: DeliveryEvent<T> = { kind: "failed", records: flight.records, error: describe(err) };
        settle(flight, [code === undefined ? event : { ...event, code }]);
      };

      const timeOut = (flight: Flight<T>): void => {
        if (!inFlight.has(flight)) return;
        const error = `timeout after ${deliverTimeoutMs} ms`;
        // Settled before the abort, so an abort-driven rejection cannot replace the timeout text.
        // `ETIMEDOUT`: this operator's own timer cut the delivery, whatever deliver was doing.
        settle(flight, [{ kind: "failed", records: flight.records, error, code: "ETIMEDOUT" }], new DOMException(error, "TimeoutError"));
      };

      const settle = (flight: Flight<T>, events: readonly DeliveryEvent<T>[], abortReason?: unknown): void => {
        inFlight.delete(flight);
        flight.subscription.unsubscribe();
        if (abortReason !== undefined) flight.controller.abort(abortReason);
        for (const event of events) {
          if (queue === null) return;
          subscriber.next(event);
        }
        pump();
      };

      const endInput = (): void => {
        sourceDone = true;
        pump();
      };

      /** An upstream stage failed: deliver what it handed on first, then fail too (the runner restarts the sink). */
      const failInput = (error: unknown): void => {
        sourceError = { error };
        endInput();
      };

      /** Finaliser. After a graceful end nothing is left; after a hard stop the rest is abandoned. */
      const abandonAll = (): void => {
        const lanes = queue;
        queue = null;
        if (lanes === null) return;
        const flights = [...inFlight];
        inFlight.clear();
        const abandoned: T[] = [];
        for (const flight of flights) {
          flight.subscription.unsubscribe();
          flight.controller.abort();
          for (const record of flight.records) abandoned.push(record);
        }
        for (const record of lanes.drain()) abandoned.push(record);
        if (abandoned.length > 0 && onAbandon !== undefined) {
          try {
            onAbandon(abandoned);
          } catch {
            // A throwing dead-letter hook must not turn unsubscribe into an UnsubscriptionError.
          }
        }
      };

      // The finaliser goes first so it is in place even if a synchronous source ends everything below.
      subscriber.add(abandonAll);
      if (!subscriber.closed) subscriber.add(source.subscribe(operatorObserver(subscriber, { next: admitBatch, error: failInput, complete: endInput })));
    });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  return typeof (value as PromiseLike<unknown>).then === "function";
}

function checkOptions<T>(options: BoundedDeliveryOptions<T>): void {
  for (const name of ["maxQueue", "concurrency", "maxBatch"] as const) {
    const value = options[name];
    if (!(Number.isInteger(value) && value >= 1) && value !== Infinity) {
      throw new FlowlogSinkError(`boundedDelivery: ${name} must be an integer >= 1 or Infinity, got ${String(value)}`);
    }
  }
  const timeout = options.deliverTimeoutMs;
  if (timeout !== undefined && !(timeout > 0 && Number.isFinite(timeout))) {
    throw new FlowlogSinkError(`boundedDelivery: deliverTimeoutMs must be a finite number > 0, got ${String(timeout)}`);
  }
  if (typeof options.deliver !== "function") throw new FlowlogSinkError("boundedDelivery: deliver must be a function");
}
