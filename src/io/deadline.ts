import { timerDelay } from "../core/durations.js";

/**
 * One attempt's stop signal: aborted when its deadline passes or when the caller's signal aborts,
 * whichever comes first. Every io client (HTTP, SMTP, syslog) runs an attempt under one.
 *
 * Not `AbortSignal.timeout` + `AbortSignal.any`: their timer cannot be cleared, and `any` keeps
 * listeners on long-lived caller signals. Here `release()` (call it in `finally`) clears both.
 */
export interface Deadline {
  /** Pass this to the operation. */
  readonly signal: AbortSignal;
  /** True once the deadline (not the caller) aborted the signal. */
  readonly expired: boolean;
  /** Clears the timer and the listener on the caller's signal. Safe to call twice. */
  release(): void;
}

/**
 * Starts a deadline of `timeoutMs`. On expiry the signal aborts with `timeoutReason()`; when
 * `caller` aborts (or already has), with the caller's reason.
 */
export function startDeadline(timeoutMs: number, caller: AbortSignal | undefined, timeoutReason: () => unknown): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(timeoutReason());
  }, timerDelay(timeoutMs));
  const onCallerAbort = (): void => controller.abort(caller?.reason);
  if (caller !== undefined) {
    if (caller.aborted) onCallerAbort();
    else caller.addEventListener("abort", onCallerAbort, { once: true });
  }
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    release() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}
