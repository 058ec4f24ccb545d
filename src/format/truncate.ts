/**
 * Length caps for outputs read by people (terminal lines, markdown summaries): a 5 MB message
 * must not scroll a terminal for a minute. Lengths are in UTF-16 code units, as `.length`.
 */

/**
 * `text` cut to `max` code units plus "…[+N chars]" naming how many were left out, or `text`
 * itself when it fits. A surrogate pair is never split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // keep the pair whole: drop its first half too
  return `${text.slice(0, end)}…[+${text.length - end} chars]`;
}
