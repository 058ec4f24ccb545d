/**
 * ISO 8601 timestamps for the formats.
 *
 * `Date#toISOString()` costs about half a microsecond, and a busy logger stamps thousands of
 * records inside the same second. Only the milliseconds change between them, so a sink's
 * formatter keeps the text up to and including the "." for the last second it saw (in its
 * {@link FormatCache}), and a call in that second costs one table lookup and one concatenation.
 * The output is exactly `new Date(ms).toISOString()`, cached or not.
 */
import type { FormatCache } from "./format-cache.js";

/** "000Z" ... "999Z": the tail of every ISO timestamp, built once. */
const MILLIS_TAILS: readonly string[] = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, "0")}Z`);

/** Largest |epoch ms| a Date can hold (ECMA-262 TimeClip); beyond it toISOString throws. */
const MAX_TIME = 8.64e15;

/** What an unrepresentable time renders as: a formatter must not throw. */
export const INVALID_TIME = "Invalid Date";

/**
 * `new Date(epochMs).toISOString()`. Fractions of a millisecond are truncated as `Date` does.
 * A time a Date cannot hold (NaN, ±Infinity, beyond ±8.64e15) gives "Invalid Date" instead of
 * toISOString's RangeError.
 */
export function isoTime(epochMs: number): string {
  const ms = epochMs - (epochMs % 1);
  return ms >= -MAX_TIME && ms <= MAX_TIME ? new Date(ms).toISOString() : INVALID_TIME;
}

/** {@link isoTime}, reusing the text of the second `cache` saw last. */
export function isoTimeCached(epochMs: number, cache: FormatCache): string {
  // Date truncates toward zero (ToIntegerOrInfinity); `- ms % 1` does the same without a call.
  // (Written out here rather than shared with isoTime: this runs once per record of every sink.)
  const ms = epochMs - (epochMs % 1);
  if (!(ms >= -MAX_TIME && ms <= MAX_TIME)) return INVALID_TIME;
  const second = Math.floor(ms / 1000);
  if (second !== cache.second) {
    const iso = new Date(ms).toISOString();
    cache.secondPrefix = iso.slice(0, iso.length - 4);
    cache.second = second;
  }
  return cache.secondPrefix + MILLIS_TAILS[ms - second * 1000];
}
