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
 * A server hint above this is clamped to it: a Retry-After of a week from a misconfigured proxy
 * must not park a sink for a week. The delivery's own deadline usually cuts in long before.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

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

/**
 * A `Retry-After` header value (RFC 9110 §10.2.3) as a delay in milliseconds from `nowMs`:
 * delay-seconds (decimals accepted, since some services send them) or an HTTP-date.
 * Negative, empty, garbage or past values give `undefined` ("no hint": fall back to backoff);
 * values above {@link MAX_RETRY_AFTER_MS} are clamped to it. A repeated header (an array) uses
 * its first value.
 */
export function parseRetryAfter(value: string | readonly string[] | number | null | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw === "number") return secondsToDelayMs(raw);
  if (typeof raw !== "string") return undefined;
  const text = raw.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return secondsToDelayMs(Number(text));
  // Anything else that starts like a number ("-5", "1e3", "5s") is garbage, not a date.
  if (/^[-+.\d]/.test(text)) return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  const delay = at - nowMs;
  if (delay < 0) return undefined;
  return Math.min(Math.ceil(delay), MAX_RETRY_AFTER_MS);
}

/**
 * A hint in seconds (a header's delay-seconds, Discord's `retry_after` float, Telegram's
 * `parameters.retry_after`) as whole milliseconds, rounded up; `undefined` unless it is a
 * finite number >= 0; clamped to {@link MAX_RETRY_AFTER_MS}.
 */
export function secondsToDelayMs(seconds: unknown): number | undefined {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) return undefined;
  // Round to microseconds first: 64.57 * 1000 is 64570.00000000001 in binary floating point.
  return Math.min(Math.ceil(Math.round(seconds * 1_000_000) / 1000), MAX_RETRY_AFTER_MS);
}
