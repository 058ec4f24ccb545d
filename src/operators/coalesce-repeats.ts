import type { MonoTypeOperatorFunction, SchedulerLike, Subscription } from "rxjs";
import { Observable } from "rxjs/internal/Observable";
import { asyncScheduler } from "rxjs/internal/scheduler/async";
import { FlowlogSinkError } from "../core/errors.js";
import { timerDelay } from "../core/durations.js";
import { guardCallback, operatorObserver } from "./operator-observer.js";

/**
 * What {@link coalesceRepeats} needs to know of its element type: which items repeat each
 * other, and how a window's repeats become one summary item. For log records these are in
 * sinks/record-operators.ts (`coalesceAlerts`).
 */
export interface Repeats<T> {
  /**
   * The parts of an item that must all be equal (SameValueZero) for two items to be repeats of
   * each other. Each part keys one level of nested Maps, so no key string is built from a huge
   * message. For log records: level, logger, message.
   */
  readonly fingerprint: readonly ((item: T) => unknown)[];
  /** How many items an item stands for (a summary counts all it stands for). For log records: `recordWeight`. */
  readonly weightOf: (item: T) => number;
  /** When the first of what an item stands for happened (a summary: its own `since`). For log records: `repeated.since` or `time`. */
  readonly sinceOf: (item: T) => number;
  /** The summary of a window: `last`, made to stand for `count` items since `since`. For log records: a new frozen record with `repeated`. */
  readonly summarize: (last: T, count: number, since: number) => T;
}

/** How {@link coalesceRepeats} times its windows. */
export interface CoalesceOptions {
  /** How long a window stays open after the alert that opened it, in ms. `<= 0` turns coalescing off. */
  readonly windowMs: number;
  /** Time source of the windows. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Emits when every held record must move on now (a hard stop, process exit): each pending
   * summary is emitted at once and its window stays open.
   */
  readonly flush$?: Observable<void>;
  /**
   * Open windows at most (default {@link DEFAULT_MAX_WINDOWS}). A storm of distinct messages
   * past it passes through uncoalesced rather than holding memory and a timer per message.
   */
  readonly maxWindows?: number;
}

export const DEFAULT_MAX_WINDOWS = 10_000;

/** What is kept of one fingerprint while its window is open: O(1), whatever the storm. */
interface Window<T> {
  /** Items held in this window, by weight (a held summary counts all it stands for). */
  held: number;
  /** `sinceOf` the first item held in this window. */
  since: number;
  /** The last item held in this window; null when none is. */
  last: T | null;
  /** The item that opened it: its fingerprint, to forget the window by. */
  readonly opener: T;
  /** When the window closes, on the scheduler's clock. */
  closesAt: number;
}

/**
 * Turns a storm of repeats into one item and a count per window, Alertmanager-style, so that
 * 10,000 identical errors become a handful of chat messages instead of 10,000.
 *
 * <span class="informal">Like `throttleTime(windowMs, { leading: true, trailing: true })` per
 * fingerprint, where the trailing value also says how many were swallowed.</span>
 *
 * Generic over its element type, as `mergeMap` takes `concurrent`: what makes two items
 * repeats, what an item weighs and how a summary is made are the `repeats` functions (for log
 * records, `coalesceAlerts` in sinks/record-operators.ts passes them). The first item of a
 * fingerprint passes through at once and opens a window of `windowMs`. Repeats that arrive
 * while it is open are held: only their weight, the `since` of the first and the last item
 * itself are kept. When the window closes:
 * - if items were held, one summary is emitted: `summarize(last, count, since)` (count: the
 *   held weight; since: the first held item's `sinceOf`), and a new window opens, so a storm
 *   that goes on yields at most one summary a window;
 * - if none were held, the fingerprint is forgotten, and its next item passes at once.
 *
 * Weights add up: the sum of `weightOf` over the output equals the sum over the input, so
 * delivery counts every logged record. An item that is already a summary is held with its own
 * weight and `since`.
 *
 * - Source completes: every pending summary is emitted (in the order their fingerprints were
 *   first seen), then the output completes.
 * - Source errors: every pending summary is emitted, then the error is forwarded.
 * - Unsubscribe: the timer is released and the held items are dropped.
 *
 * One timer serves every window of a subscription: all windows last `windowMs`, so they close
 * in the order they opened, and the timer is armed for the oldest only. A storm of 10,000
 * distinct messages holds one timer, not 10,000 (whose allocation and collection landed in the
 * log calls).
 *
 * ## Example
 *
 * Count a storm of identical build failures, per job and step
 *
 * ```ts
 * failures$.pipe(coalesceRepeats({ windowMs: 60_000 }, {
 *   fingerprint: [(f) => f.job, (f) => f.step],
 *   weightOf: (f) => f.count ?? 1,
 *   sinceOf: (f) => f.since ?? f.at,
 *   summarize: (last, count, since) => ({ ...last, count, since }),
 * })).subscribe(notify);
 * ```
 *
 * @param options The window length and the scheduler that times it.
 * @param repeats What makes items repeats, their weight, and how a summary is made.
 * @return A function that returns an Observable of the source's items, with repeats inside a
 * window replaced by one summary.
 * @throws FlowlogSinkError when `windowMs` is not a number, or is NaN, or the fingerprint is empty.
 */
export function coalesceRepeats<T>(options: CoalesceOptions, repeats: Repeats<T>): MonoTypeOperatorFunction<T> {
  const { windowMs, scheduler = asyncScheduler, flush$, maxWindows = DEFAULT_MAX_WINDOWS } = options;
  const { fingerprint, weightOf, sinceOf, summarize } = repeats;
  if (typeof windowMs !== "number" || Number.isNaN(windowMs)) {
    throw new FlowlogSinkError(`coalesceAlerts: windowMs must be a number of milliseconds, got ${String(windowMs)}`);
  }
  if (fingerprint.length === 0) throw new FlowlogSinkError("coalesceRepeats: the fingerprint needs at least one part");
  const last = fingerprint.length - 1;

  return (source) =>
    new Observable<T>((subscriber) => {
      if (windowMs <= 0) return source.subscribe(subscriber);
      // Open windows by the fingerprint's first part, then its second...: nested Maps, the last
      // holding the windows. No key string is built from a huge message.
      let windows: Map<unknown, unknown> | null = new Map();
      // Windows in the order their fingerprints were first seen, for the flush on complete.
      let open: Set<Window<T>> | null = new Set();

      const find = (item: T): Window<T> | undefined => {
        let level: Map<unknown, unknown> | undefined = windows ?? undefined;
        for (let part = 0; part < last && level !== undefined; part++) level = level.get(fingerprint[part](item)) as Map<unknown, unknown> | undefined;
        return level?.get(fingerprint[last](item)) as Window<T> | undefined;
      };

      const remember = (item: T, window: Window<T>): void => {
        if (windows === null || open === null) return;
        let level = windows;
        for (let part = 0; part < last; part++) {
          const key = fingerprint[part](item);
          let next = level.get(key) as Map<unknown, unknown> | undefined;
          if (next === undefined) level.set(key, (next = new Map()));
          level = next;
        }
        level.set(fingerprint[last](item), window);
        open.add(window);
      };

      const forget = (item: T, window: Window<T>): void => {
        open?.delete(window);
        if (windows !== null) forgetBelow(windows, item, 0);
      };

      /** Deletes the item's entry under `level` (part `part` of its fingerprint), and any Map left empty. */
      const forgetBelow = (level: Map<unknown, unknown>, item: T, part: number): void => {
        const key = fingerprint[part](item);
        if (part < last) {
          const next = level.get(key) as Map<unknown, unknown> | undefined;
          if (next === undefined) return;
          forgetBelow(next, item, part + 1);
          if (next.size > 0) return;
        }
        level.delete(key);
      };

      /** The summary of what `window` holds, and the window emptied. */
      const takeSummary = (window: Window<T>): T | null => {
        const held = window.last;
        if (held === null) return null;
        const summary = summarize(held, window.held, window.since);
        window.held = 0;
        window.last = null;
        return summary;
      };

      // Open windows in closing order (= opening order: every window lasts windowMs).
      let timeline: Set<Window<T>> | null = new Set();
      // The one timer, armed for the first window of the timeline; null when none is open.
      let timer: Subscription | null = null;
      const windowLength = timerDelay(windowMs);

      /** Starts (or restarts, after a summary) the window's time and arms the timer if idle. */
      const startWindow = (window: Window<T>): void => {
        if (timeline === null) return;
        window.closesAt = scheduler.now() + windowLength;
        timeline.delete(window);
        timeline.add(window);
        if (timer === null) armTimer();
      };

      const armTimer = (): void => {
        const first = timeline?.values().next().value;
        if (first === undefined) return;
        timer = scheduler.schedule(guardCallback(subscriber, closeDue), Math.max(0, first.closesAt - scheduler.now()));
      };

      /** Closes every window whose time is up (oldest first), then re-arms for the next one. */
      const closeDue = (): void => {
        stopTimer();
        const now = scheduler.now();
        for (const window of timeline ?? []) {
          // Windows re-opened by close() join the end with a later time: the loop stops there.
          if (window.closesAt > now || timeline === null) break;
          timeline.delete(window);
          close(window);
        }
        if (!subscriber.closed && timer === null) armTimer();
      };

      /** The window's time is up: emit its summary and open the next, or forget the fingerprint. */
      const close = (window: Window<T>): void => {
        const summary = takeSummary(window);
        if (summary === null) {
          forget(window.opener, window);
          return;
        }
        subscriber.next(summary);
        if (!subscriber.closed) startWindow(window);
      };

      const push = (item: T): void => {
        const window = find(item);
        if (window === undefined) {
          if (open !== null && open.size >= maxWindows) {
            subscriber.next(item);
            return;
          }
          const opened: Window<T> = { held: 0, since: 0, last: null, opener: item, closesAt: 0 };
          remember(item, opened);
          subscriber.next(item);
          if (!subscriber.closed) startWindow(opened);
          return;
        }
        if (window.last === null) window.since = sinceOf(item);
        window.held += weightOf(item);
        window.last = item;
      };

      /** Emits every pending summary now; the windows stay open. */
      const flushHeld = (): void => {
        if (open === null) return;
        for (const window of [...open]) {
          const summary = takeSummary(window);
          if (summary !== null && !subscriber.closed) subscriber.next(summary);
        }
      };

      /** Emits every pending summary, in the order the fingerprints were first seen. */
      const flushAll = (): void => {
        const pending = open === null ? [] : [...open];
        stopTimer();
        for (const window of pending) {
          const summary = takeSummary(window);
          if (summary !== null && !subscriber.closed) subscriber.next(summary);
        }
        release();
      };

      const stopTimer = (): void => {
        timer?.unsubscribe();
        timer = null;
      };

      const release = (): void => {
        stopTimer();
        windows = null;
        open = null;
        timeline = null;
      };

      subscriber.add(release);
      if (flush$ !== undefined) subscriber.add(flush$.subscribe(operatorObserver(subscriber, { next: flushHeld, complete: () => undefined })));
      subscriber.add(
        source.subscribe(operatorObserver(subscriber, {
          next: push,
          error: (err: unknown) => {
            flushAll();
            subscriber.error(err);
          },
          complete: () => {
            flushAll();
            subscriber.complete();
          },
        })),
      );
    });
}
