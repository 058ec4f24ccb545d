/**
 * Truncation with a marker, the one way flowlog cuts a text too long to show whole: serialised
 * values (`maxStringLength`), terminal lines, markdown summaries, and the marker alert texts end
 * with. Lengths are in UTF-16 code units, as `.length`.
 */

/** The marker for `omitted` units left out: `…[+N chars]`. */
export function omittedMarker(omitted: number): string {
  return `…[+${omitted} chars]`;
}

/**
 * `text` cut to `max` code units plus "…[+N chars]" naming how many were left out, or `text`
 * itself when it fits. A surrogate pair is never split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--; // keep the pair whole: drop its first half too
  return text.slice(0, end) + omittedMarker(text.length - end);
}
