/**
 * Cutting alert text to a service's limit. Every length here is in UTF-16 code units
 * (`.length`), the conservative count the services' limits are checked against. Text is clipped
 * before it is cleaned, so a 10 MB message costs about as much as a short one, and text that is
 * cut ends with a visible marker "…[+N chars]" inside the limit; N counts the UTF-16 units left
 * out (for clipped text, of the original, so removed control characters in the kept part are
 * counted too).
 */
import { omittedMarker } from "../core/truncate.js";

/** Text already cleaned for an alert, and how many UTF-16 units of the original were clipped off. */
export interface ClippedText {
  readonly text: string;
  readonly omitted: number;
}

/** `end` moved back by one when it would split a surrogate pair. */
export function codePointBoundary(text: string, end: number): number {
  if (end <= 0 || end >= text.length) return Math.max(0, Math.min(end, text.length));
  const before = text.charCodeAt(end - 1);
  const after = text.charCodeAt(end);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? end - 1 : end;
}

/**
 * The first `max` units of `raw`, cleaned, and how many units were left out. Only the kept
 * part is cleaned, so a huge string costs no more than `max` units of work.
 */
export function clipText(raw: string, max: number, clean: (text: string) => string): ClippedText {
  if (raw.length <= max) return { text: clean(raw), omitted: 0 };
  const end = codePointBoundary(raw, Math.max(0, max));
  return { text: clean(raw.slice(0, end)), omitted: raw.length - end };
}

/** A clipped text with its marker appended when something was clipped off. */
export function withMarker(clipped: ClippedText, marker: (omitted: number) => string = omittedMarker): string {
  return clipped.omitted > 0 ? clipped.text + marker(clipped.omitted) : clipped.text;
}

/**
 * `text` cut to at most `max` UTF-16 units, ending with `marker(N)` when anything is cut (N:
 * the units left out). A surrogate pair is never split. When even the marker does not fit,
 * the text is cut hard, without one. Never throws; `max <= 0` gives "".
 */
export function truncateText(text: string, max: number, marker: (omitted: number) => string = omittedMarker): string {
  return fitText({ text, omitted: 0 }, max, identity, marker);
}

const identity = (text: string): string => text;

/**
 * The longest prefix of `clipped.text` whose encoding, followed by the marker for everything
 * left out (the cut and `clipped.omitted`), is at most `max` units. `encode` (markdown or
 * HTML escaping) is applied to whole characters of the prefix, so an escape is never cut; it
 * must never make text shorter, and a longer prefix must never encode shorter.
 */
export function fitText(
  clipped: ClippedText,
  max: number,
  encode: (text: string) => string = identity,
  marker: (omitted: number) => string = omittedMarker,
): string {
  const { text, omitted } = clipped;
  if (!(max > 0)) return "";
  if (omitted === 0 && text.length <= max) {
    const whole = encode(text);
    if (whole.length <= max) return whole;
  }
  const markerAt = (end: number): string => marker(omitted + text.length - end);
  const size = (end: number): number => encode(text.slice(0, end)).length + markerAt(end).length;
  // The encoding never shrinks text, so no prefix longer than max fits.
  const hi = Math.min(text.length, max);
  if (size(0) > max) {
    // Not even the marker fits: the longest prefix that does, without one.
    return encode(text.slice(0, largestEnd(text, 0, hi, (end) => encode(text.slice(0, end)).length <= max)));
  }
  let lo = 0;
  let top = hi;
  if (hi > 64) {
    // Guess the cut from how much the encoding grows the text, then gallop from the guess to
    // bracket it: a few encodings instead of a dozen for the usual, evenly escaped text.
    const grown = encode(text.slice(0, hi)).length;
    const guess = codePointBoundary(text, Math.floor((hi * Math.max(0, max - markerAt(hi).length)) / Math.max(1, grown)));
    const fits = guess > 0 && size(guess) <= max;
    if (fits) lo = guess;
    else top = Math.max(0, guess - 1);
    for (let step = 8; lo < top; step *= 2) {
      const probe = codePointBoundary(text, fits ? Math.min(top, lo + step) : Math.max(lo, top - step));
      if (probe <= lo) break;
      if (size(probe) <= max) {
        lo = probe;
        if (!fits) break;
      } else {
        top = probe - 1;
        if (fits) break;
      }
    }
  }
  const end = largestEnd(text, lo, top, (end) => size(end) <= max);
  return encode(text.slice(0, end)) + markerAt(end);
}

/**
 * Binary search for the largest end in [lo, hi], on a code point boundary, where `fits`
 * holds, given that it holds at `lo`. `fits` need not be monotonic (a marker's count can lose
 * a digit as the prefix grows): the answer always fits, it may not be the very largest.
 */
function largestEnd(text: string, lo: number, hi: number, fits: (end: number) => boolean): number {
  while (lo < hi) {
    const half = Math.ceil((lo + hi) / 2);
    let mid = codePointBoundary(text, half);
    if (mid <= lo) mid = half + 1; // `half` is inside the pair that starts at lo: try after it
    if (mid > hi) break;
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
