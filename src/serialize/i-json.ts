/**
 * JSON text as the Internet JSON profile wants it (RFC 7493, I-JSON): no lone surrogate.
 *
 * JSON.stringify writes a lone surrogate as the escape `\ud800`. That is valid JSON, but not
 * I-JSON, and real readers choke on it: jq 1.6 (Debian 12's) stops reading the whole file at
 * that line, Go and Rust decoders reject or alter it. A surrogate pair is written raw by
 * JSON.stringify, so every `\udXXX` escape in its output stands for a lone surrogate (unless
 * its backslash is itself escaped, `\\ud800`, which is the six characters `\ud800` of text).
 */

/** A `\ud800`-`\udfff` escape whose backslash is not itself escaped (an even run of `\` before it). */
const LONE_SURROGATE_ESCAPE = /(?<=(?:^|[^\\])(?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;

/** `json` (JSON.stringify's output) with every lone-surrogate escape replaced by U+FFFD. */
export function toIJson(json: string): string {
  // The scan for the escape costs far less than the regex, and almost no text has one.
  return json.includes("\\ud") ? json.replace(LONE_SURROGATE_ESCAPE, "\ufffd") : json;
}
