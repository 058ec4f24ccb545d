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
  const ms = epochMs - (epochMs % 1);
  if (!(ms >= -MAX_TIME && ms <= MAX_TIME)) return INVALID_TIME;
  const second = cachedSecond(ms, cache);
  return cache.secondPrefix + MILLIS_TAILS[ms - second * 1000];
}

/** The first and last millisecond whose ISO text has a four-digit year (0000 to 9999): 24 characters, no sign. */
const FIRST_PLAIN = -62_167_219_200_000;
const LAST_PLAIN = 253_402_300_799_999;

/** Room {@link encodeIsoTimeCached} needs, in bytes. */
export const ISO_TIME_BYTES = 24;

const DIGIT_0 = 0x30;
const LETTER_Z = 0x5a;

/** Whether `epochMs` is a time of the years 0000 to 9999, which {@link encodeIsoTimeCached} writes. */
export function hasPlainIsoTime(epochMs: number): boolean {
  return epochMs >= FIRST_PLAIN && epochMs < LAST_PLAIN + 1;
}

/**
 * {@link isoTimeCached} written into `buffer` at `offset` as its bytes (ASCII), for a time that
 * {@link hasPlainIsoTime} (the caller checks; other times are written from the string): the
 * second's prefix copied from the bytes the cache keeps, the milliseconds as three digits. No
 * string is made or encoded. Returns the position after it. The caller has made sure
 * ISO_TIME_BYTES are free.
 */
export function encodeIsoTimeCached(epochMs: number, cache: FormatCache, buffer: Buffer, offset: number): number {
  const ms = epochMs - (epochMs % 1);
  const millis = ms - cachedSecond(ms, cache) * 1000;
  const prefix = cache.secondPrefixBytes;
  buffer.set(prefix, offset);
  let position = offset + prefix.length;
  buffer[position++] = DIGIT_0 + Math.floor(millis / 100);
  buffer[position++] = DIGIT_0 + (Math.floor(millis / 10) % 10);
  buffer[position++] = DIGIT_0 + (millis % 10);
  buffer[position++] = LETTER_Z;
  return position;
}

/** The whole second of `ms` (a time a Date can hold, truncated), its ISO prefix and that prefix's bytes kept in `cache`. */
function cachedSecond(ms: number, cache: FormatCache): number {
  const second = Math.floor(ms / 1000);
  if (second !== cache.second) {
    const iso = new Date(ms).toISOString();
    cache.secondPrefix = iso.slice(0, iso.length - 4);
    cache.secondPrefixBytes = Buffer.from(cache.secondPrefix, "latin1");
    cache.second = second;
  }
  return second;
}
