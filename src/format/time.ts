/**
 * ISO 8601 timestamps for the formats, cached per second.
 *
 * `Date#toISOString()` costs about half a microsecond, and a busy logger stamps thousands of
 * records inside the same second. Only the milliseconds change between them, so the text up to
 * and including the "." is kept for the last second seen, and a call in that second costs one
 * table lookup and one concatenation. The output is exactly `new Date(ms).toISOString()`.
 */

/** "000Z" ... "999Z": the tail of every ISO timestamp, built once. */
const MILLIS_TAILS: readonly string[] = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, "0")}Z`);

/** Largest |epoch ms| a Date can hold (ECMA-262 TimeClip); beyond it toISOString throws. */
const MAX_TIME = 8.64e15;

/** What an unrepresentable time renders as: a formatter must not throw. */
export const INVALID_TIME = "Invalid Date";

/** The whole second (epoch seconds) whose prefix is cached; NaN until the first call. */
let cachedSecond = Number.NaN;
/** `new Date(cachedSecond * 1000).toISOString()` without its "mmmZ" tail, e.g. "2026-11-24T09:12:54.". */
let cachedPrefix = "";

/**
 * `new Date(epochMs).toISOString()`, cached per second. Fractions of a millisecond are
 * truncated as `Date` does. A time a Date cannot hold (NaN, ±Infinity, beyond ±8.64e15) gives
 * "Invalid Date" instead of toISOString's RangeError.
 */
export function isoTime(epochMs: number): string {
  // Date truncates toward zero (ToIntegerOrInfinity); `- ms % 1` does the same without a call.
  const ms = epochMs - (epochMs % 1);
  if (!(ms >= -MAX_TIME && ms <= MAX_TIME)) return INVALID_TIME;
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(ms).toISOString();
    cachedPrefix = iso.slice(0, iso.length - 4);
    cachedSecond = second;
  }
  return cachedPrefix + MILLIS_TAILS[ms - second * 1000];
}
