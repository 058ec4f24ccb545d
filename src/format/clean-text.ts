/**
 * Cleaning of user text for alerts. Alerts are read on phones and in chat clients, where a
 * visible `\x1b` is noise and a raw one is a hazard, so user text is cleaned rather than
 * escaped: lone surrogates become U+FFFD (toWellFormed); in a single line (headline, subject,
 * field names and values) every line break and TAB becomes a space; in a block (message,
 * exception) CR LF, CR, VT, FF, NEL, U+2028 and U+2029 become LF and TAB is kept; every other
 * C0 and C1 control, DEL and the bidi marks (Trojan Source) are removed. The untouched text is
 * in the file sinks.
 */
import { BLOCK_BREAK, LINE_SPACE, REMOVED, UNSAFE_BUT_TAB_LF } from "./control-chars.js";
import { toWellFormed } from "./escape.js";

/** `text` as one line: line breaks and tabs become a space, other controls are removed. */
export function cleanLine(text: string): string {
  const wellFormed = toWellFormed(text);
  if (!UNSAFE_BUT_TAB_LF.test(wellFormed) && !wellFormed.includes("\n") && !wellFormed.includes("\t")) return wellFormed;
  return wellFormed.replace(LINE_SPACE, " ").replace(REMOVED, "");
}

/** `text` as a block: line breaks become LF, TAB is kept, other controls are removed. */
export function cleanBlock(text: string): string {
  const wellFormed = toWellFormed(text);
  if (!UNSAFE_BUT_TAB_LF.test(wellFormed)) return wellFormed;
  return wellFormed.replace(BLOCK_BREAK, "\n").replace(REMOVED, "");
}
