/**
 * Retry policy as data (undici's RetryHandler habit): how many retries, and the bounds of the
 * backoff between them. The numbers are visible defaults, not buried in a loop.
 */

export interface RetryPolicy {
  /** Retries after the first attempt: a batch is tried at most `1 + maxRetries` times (429s aside). */
  readonly maxRetries: number;
  /** The backoff ceiling before the first retry; it doubles with every retry. */
  readonly baseDelayMs: number;
  /** No backoff is longer than this (a server's Retry-After hint may be). */
  readonly maxDelayMs: number;
}

/** 3 retries, backoff ceilings 100, 200, 400 ms (capped at 2 s), full jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 2000 });

/**
 * The wait before retry number `retryIndex + 1` (0 for the first retry), with full jitter
 * (AWS "Exponential Backoff And Jitter"): uniform in `[0, min(maxDelayMs, baseDelayMs * 2^retryIndex)]`,
 * rounded to whole milliseconds.
 *
 * @param random A source of numbers in [0, 1) (`Math.random` by default; seed it in tests).
 */
export function backoffDelay(retryIndex: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const index = Number.isFinite(retryIndex) && retryIndex > 0 ? Math.floor(retryIndex) : 0;
  const base = nonNegative(policy.baseDelayMs);
  const cap = nonNegative(policy.maxDelayMs);
  const ceiling = Math.min(cap, base * 2 ** index);
  let r = random();
  if (!Number.isFinite(r) || r < 0) r = 0;
  if (r > 1) r = 1;
  return Math.round(r * ceiling);
}

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}
