import type { MonoTypeOperatorFunction, SchedulerLike, Subscription } from "rxjs";
import { Observable } from "rxjs/internal/Observable";
import { asyncScheduler } from "rxjs/internal/scheduler/async";
import { FlowlogSinkError } from "../core/errors.js";
import { recordWeight, type LogRecord } from "../core/record.js";
import { timerDelay } from "../core/durations.js";
import { guardCallback, operatorObserver } from "./operator-observer.js";

/** How {@link coalesceAlerts} groups identical alerts. */
export interface CoalesceAlertsOptions {
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
interface Window {
  /** Records held in this window, by weight (a held coalesced record counts its `count`). */
  held: number;
  /** `time` of the first record held in this window (its `repeated.since` if it was coalesced already). */
  since: number;
  /** The last record held in this window; null when none is. */
  last: LogRecord | null;
  /** The record that opened it: its fingerprint, to forget the window by. */
  readonly opener: LogRecord;
  /** When the window closes, on the scheduler's clock. */
  closesAt: number;
}

/**
 * Turns an alert storm into one alert and a count per window, Alertmanager-style, so that
 * 10,000 identical errors become a handful of chat messages instead of 10,000.
 *
 * <span class="informal">Like `throttleTime(windowMs, { leading: true, trailing: true })` per
 * fingerprint, where the trailing value also says how many were swallowed.</span>
 *
 * The fingerprint of a record is its level, logger and message. The first record of a
 * fingerprint passes through at once and opens a window of `windowMs`. Identical records that
 * arrive while it is open are held: only their count, the time of the first and the last
 * record itself are kept. When the window closes:
 * - if records were held, one summary is emitted: the last held record re-made as a new frozen
 *   record with `repeated: { count, since }` (count: the held records; since: the first held
 *   record's time), and a new window opens, so a storm that goes on yields at most one summary
 *   a window;
 * - if none were held, the fingerprint is forgotten, and its next record passes at once.
 *
 * Weights add up: the sum of `recordWeight` over the output equals the sum over the input
 * (the number of input records when none was coalesced before), so delivery counts every
 * logged record. A record that is already a summary is held with its own count and `since`.
 *
 * - Source completes: every pending summary is emitted (in the order their fingerprints were
 *   first seen), then the output completes.
 * - Source errors: every pending summary is emitted, then the error is forwarded.
 * - Unsubscribe: the timer is released and the held records are dropped.
 *
 * One timer serves every window of a subscription: all windows last `windowMs`, so they close
 * in the order they opened, and the timer is armed for the oldest only. A storm of 10,000
 * distinct messages holds one timer, not 10,000 (whose allocation and collection landed in the
 * log calls).
 *
 * ## Example
 *
 * One Discord message per minute at most for each distinct alert
 *
 * ```ts
 * records$.pipe(levelFilter(Level.ERROR), coalesceAlerts({ windowMs: 60_000 })).subscribe(send);
 * ```
 *
 * @param options The window length and the scheduler that times it.
 * @return A function that returns an Observable of the source's records, with identical
 * records inside a window replaced by one summary record.
 * @throws FlowlogSinkError when `windowMs` is not a number, or is NaN.
 */
export function coalesceAlerts(options: CoalesceAlertsOptions): MonoTypeOperatorFunction<LogRecord> {
  const { windowMs, scheduler = asyncScheduler, flush$, maxWindows = DEFAULT_MAX_WINDOWS } = options;
  if (typeof windowMs !== "number" || Number.isNaN(windowMs)) {
    throw new FlowlogSinkError(`coalesceAlerts: windowMs must be a number of milliseconds, got ${String(windowMs)}`);
  }

  return (source) =>
    new Observable<LogRecord>((subscriber) => {
      if (windowMs <= 0) return source.subscribe(subscriber);
      // Open windows by level, then logger, then message: no key string is built from a huge message.
      let windows: Map<string, Map<string, Map<string, Window>>> | null = new Map();
      // Windows in the order their fingerprints were first seen, for the flush on complete.
      let open: Set<Window> | null = new Set();

      const find = (record: LogRecord): Window | undefined =>
        windows?.get(record.level)?.get(record.logger)?.get(record.msg);

      const remember = (record: LogRecord, window: Window): void => {
        if (windows === null || open === null) return;
        let byLogger = windows.get(record.level);
        if (byLogger === undefined) windows.set(record.level, (byLogger = new Map()));
        let byMessage = byLogger.get(record.logger);
        if (byMessage === undefined) byLogger.set(record.logger, (byMessage = new Map()));
        byMessage.set(record.msg, window);
        open.add(window);
      };

      const forget = (record: LogRecord, window: Window): void => {
        open?.delete(window);
        const byLogger = windows?.get(record.level);
        const byMessage = byLogger?.get(record.logger);
        if (byLogger === undefined || byMessage === undefined) return;
        byMessage.delete(record.msg);
        if (byMessage.size === 0) byLogger.delete(record.logger);
        if (byLogger.size === 0) windows?.delete(record.level);
      };

      /** The summary of what `window` holds, and the window emptied. */
      const takeSummary = (window: Window): LogRecord | null => {
        const last = window.last;
        if (last === null) return null;
        const summary: LogRecord = Object.freeze({
          ...last,
          repeated: Object.freeze({ count: window.held, since: window.since }),
        });
        window.held = 0;
        window.last = null;
        return summary;
      };

      // Open windows in closing order (= opening order: every window lasts windowMs).
      let timeline: Set<Window> | null = new Set();
      // The one timer, armed for the first window of the timeline; null when none is open.
      let timer: Subscription | null = null;
      const windowLength = timerDelay(windowMs);

      /** Starts (or restarts, after a summary) the window's time and arms the timer if idle. */
      const startWindow = (window: Window): void => {
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
      const close = (window: Window): void => {
        const summary = takeSummary(window);
        if (summary === null) {
          forget(window.opener, window);
          return;
        }
        subscriber.next(summary);
        if (!subscriber.closed) startWindow(window);
      };

      const push = (record: LogRecord): void => {
        const window = find(record);
        if (window === undefined) {
          if (open !== null && open.size >= maxWindows) {
            subscriber.next(record);
            return;
          }
          const opened: Window = { held: 0, since: 0, last: null, opener: record, closesAt: 0 };
          remember(record, opened);
          subscriber.next(record);
          if (!subscriber.closed) startWindow(opened);
          return;
        }
        if (window.last === null) window.since = record.repeated?.since ?? record.time;
        window.held += recordWeight(record);
        window.last = record;
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
