/**
 * A service's own "retry after" hints (the HTTP `Retry-After` header, a JSON body's seconds) as
 * a delay in milliseconds, clamped: parsing them is protocol work, so it lives in io; the retry
 * loop only sees the number in an attempt outcome.
 */

/**
 * A server hint above this is clamped to it: a Retry-After of a week from a misconfigured proxy
 * must not park a sink for a week. The delivery's own deadline usually cuts in long before.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

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
