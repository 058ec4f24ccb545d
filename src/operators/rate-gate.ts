import type { SchedulerLike } from "rxjs";
import { asyncScheduler } from "rxjs/internal/scheduler/async";
import { abortReason, cancellableWait } from "./cancellable-wait.js";

/**
 * One sink's "do not send before" time. A 429 pauses the gate for the server's hint; every
 * delivery of that sink waits for the gate before each attempt, so one rate-limited request
 * holds back all of the sink's sends (Discord counts requests made during a 429 against the
 * invalid-request limit that ends in an IP ban).
 *
 * Time comes from a `SchedulerLike` (default `asyncScheduler`), so tests run in virtual time.
 */
export class RateGate {
  /** Scheduler time at which sends may resume; in the past when open. */
  private openAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly scheduler: SchedulerLike = asyncScheduler) {}

  /**
   * Closes the gate for `ms` from now, or leaves it as is when it already stays closed longer:
   * a pause is extended, never shortened. Non-positive or non-finite values are ignored.
   */
  pauseFor(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) return;
    this.openAt = Math.max(this.openAt, this.scheduler.now() + ms);
  }

  isOpen(): boolean {
    return this.scheduler.now() >= this.openAt;
  }

  /** Milliseconds until the gate opens; 0 when open. */
  remainingMs(): number {
    return Math.max(0, this.openAt - this.scheduler.now());
  }

  /**
   * Resolves once the gate is open (at once when it is). A pause extended meanwhile is waited
   * for too. When `signal` aborts first, the timer is cancelled and the promise REJECTS with
   * the signal's reason (an `AbortError` DOMException when it has none), so a caller cannot
   * mistake an abort for an open gate. Holds no timer once settled.
   */
  whenOpen(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const remaining = this.remainingMs();
    if (remaining <= 0) return Promise.resolve();
    return cancellableWait(this.scheduler, remaining, signal, () => this.remainingMs());
  }
}
