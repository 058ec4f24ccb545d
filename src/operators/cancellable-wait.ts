import type { SchedulerLike, Subscription } from "rxjs";
import { timerDelay } from "../core/durations.js";

/**
 * A wait on a scheduler that an AbortSignal can cut short: the retry loop's backoff and the
 * rate gate's pause both wait with it, so both run in virtual time in tests and neither leaves a
 * timer behind.
 *
 * Waits `firstDelay`, then asks `nextDelay()` whether to wait longer (a pause extended meanwhile)
 * and waits that much, until it returns 0 or less. Resolves then. When `signal` aborts first the
 * timer is cancelled and the promise REJECTS with the signal's reason (see {@link abortReason}),
 * so a caller cannot mistake an abort for the end of the wait. Holds no timer once settled.
 */
export function cancellableWait(
  scheduler: SchedulerLike,
  firstDelay: number,
  signal: AbortSignal | undefined,
  nextDelay: () => number = () => 0,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    // The pending timer; replaced when the wait is extended.
    let timer: Subscription | undefined;
    const onAbort = (): void => {
      timer?.unsubscribe();
      reject(abortReason(signal));
    };
    const fire = (): void => {
      timer?.unsubscribe(); // released at once, not when the scheduler gets round to it
      timer = undefined;
      const more = nextDelay();
      if (more > 0) return arm(more);
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    const arm = (delay: number): void => {
      let ran = false;
      const subscription = scheduler.schedule(() => {
        ran = true;
        fire();
      }, timerDelay(delay));
      if (ran) subscription.unsubscribe(); // a scheduler that ran the work synchronously
      else timer = subscription;
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    arm(firstDelay);
  });
}

/** The reason a signal carries, or a standard AbortError. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("This operation was aborted", "AbortError");
}
