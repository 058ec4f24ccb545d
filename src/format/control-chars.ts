/**
 * The one table of characters that must not reach a reader raw, in named ranges. Escaping
 * (escape.ts: terminal, text file, markdown) shows them as visible escapes; cleaning
 * (clean-text.ts: alerts on phones and in chat clients) removes them or turns them into spaces
 * and line breaks. Both build their patterns from these ranges, so a character added here
 * reaches both.
 */

/** C0 controls but TAB, LF, VT, FF and CR. */
const C0_BUT_WHITESPACE = "\\x00-\\x08\\x0e-\\x1f";
/** TAB and LF. */
const TAB_LF = "\\t\\n";
/** VT, FF and CR: line breaks of a sort. */
const VT_FF_CR = "\\x0b-\\x0d";
/** DEL and C1 but NEL (0x9b is a one-byte CSI). */
const DEL_C1_BUT_NEL = "\\x7f-\\x84\\x86-\\x9f";
/** NEL, the C1 line break. */
const NEL = "\\x85";
/** Bidi marks and embeddings (Trojan Source, CVE-2021-42574). */
const BIDI = "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";
/** The line and paragraph separators, which editors and JavaScript treat as line breaks. */
const LINE_SEPARATORS = "\\u2028\\u2029";

/** Every code unit escaped or cleaned somewhere (surrogates aside: see isWellFormed). */
export const UNSAFE = new RegExp(`[${C0_BUT_WHITESPACE}${TAB_LF}${VT_FF_CR}${DEL_C1_BUT_NEL}${NEL}${BIDI}${LINE_SEPARATORS}]`);
/** Everything cleaning changes apart from TAB and LF (a quick test before the slower work). */
export const UNSAFE_BUT_TAB_LF = new RegExp(`[${C0_BUT_WHITESPACE}${VT_FF_CR}${DEL_C1_BUT_NEL}${NEL}${BIDI}${LINE_SEPARATORS}]`);
/** What cleaning removes outright: the controls and marks that are not some kind of space. */
export const REMOVED = new RegExp(`[${C0_BUT_WHITESPACE}${DEL_C1_BUT_NEL}${BIDI}]`, "g");
/** Runs of line breaks and tabs, which a single line shows as one space. */
export const LINE_SPACE = new RegExp(`[${TAB_LF}${VT_FF_CR}${NEL}${LINE_SEPARATORS}]+`, "g");
/** Line breaks a block turns into LF. */
export const BLOCK_BREAK = new RegExp(`\\r\\n?|[\\v\\f${NEL}${LINE_SEPARATORS}]`, "g");
