/**
 * Escaping of user text for the human-readable outputs (terminal, text file, markdown).
 *
 * Log lines carry text an attacker may choose. Written raw, an ESC starts a terminal command
 * (clear the screen, retitle the window, move the cursor up to overwrite the previous line: CWE-150,
 * CVE-2009-4487), a CR or LF forges a new record (CWE-117), and bidi controls reorder what a reader
 * sees (Trojan Source, CVE-2021-42574). Here every such character becomes a visible escape
 * (`\x1b`, `\r`, `\u202e`), and a lone surrogate, which has no UTF-8 encoding, becomes U+FFFD.
 *
 * Escaped: C0 0x00-0x1F (LF and TAB too: callers that want line breaks use `escapeControlLines`),
 * DEL 0x7F, C1 0x80-0x9F (0x9B is a one-byte CSI, 0x85 a line break), the bidi marks U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, and the line/paragraph separators U+2028-U+2029,
 * which editors and JavaScript treat as line breaks.
 *
 * Backslashes are not doubled: a Windows path stays readable, at the price that a literal
 * `\x1b` typed by the user looks like an escaped ESC. Both are harmless to the reader.
 */
import { UNSAFE } from "./control-chars.js";


/** The native ES2024 string methods, present in Node >= 20 though not in the ES2023 lib types. */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** The visible form of C0, DEL and C1: short escapes where JavaScript has one, `\xHH` elsewhere. */
const LOW_ESCAPES: readonly string[] = Array.from({ length: 0xa0 }, (_, code) => {
  switch (code) {
    case 0x08: return "\\b";
    case 0x09: return "\\t";
    case 0x0a: return "\\n";
    case 0x0b: return "\\v";
    case 0x0c: return "\\f";
    case 0x0d: return "\\r";
    default: return `\\x${code.toString(16).padStart(2, "0")}`;
  }
});

const REPLACEMENT = "\uFFFD";

/** True when `text` holds something `escapeControl` would change. */
export function needsEscape(text: string): boolean {
  return UNSAFE.test(text) || !(text as unknown as WellFormedString).isWellFormed();
}

/**
 * `text` with controls, bidi marks and line separators shown as escapes and lone surrogates
 * replaced by U+FFFD. A clean string is returned as is, without allocating.
 */
export function escapeControl(text: string): string {
  return needsEscape(text) ? escapeSlow(text, "\\n") : text;
}

/**
 * Like `escapeControl`, but each LF becomes `lineBreak` (for example "\n    | " for an indented
 * continuation line, or "\n" to keep it for a later pass). CR is still escaped: a CR that
 * reaches a terminal moves the cursor back over the text before it.
 */
export function escapeControlLines(text: string, lineBreak: string): string {
  return needsEscape(text) ? escapeSlow(text, lineBreak) : text;
}

/** Lone surrogates replaced by U+FFFD, so the text encodes to valid UTF-8; everything else kept. */
export function toWellFormed(text: string): string {
  const s = text as unknown as WellFormedString;
  return s.isWellFormed() ? text : s.toWellFormed();
}

function escapeSlow(text: string, lineBreak: string): string {
  let out = "";
  let start = 0; // first code unit not yet copied to `out`
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    let escaped: string;
    if (code < 0xa0) {
      escaped = code === 0x0a ? lineBreak : LOW_ESCAPES[code];
    } else if (code >= 0xd800 && code <= 0xdfff) {
      if (code <= 0xdbff && i + 1 < length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++; // a well-formed pair: kept
          continue;
        }
      }
      escaped = REPLACEMENT;
    } else if (
      code === 0x061c || code === 0x200e || code === 0x200f ||
      (code >= 0x2028 && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
    ) {
      escaped = `\\u${code.toString(16)}`;
    } else {
      continue;
    }
    out += text.slice(start, i) + escaped;
    start = i + 1;
  }
  return out + text.slice(start);
}

const HTML_SPECIAL = /[&<>"']/;

/** `& < > " '` as HTML entities, for text placed inside HTML (markdown `<summary>`). */
export function escapeHtml(text: string): string {
  if (!HTML_SPECIAL.test(text)) return text;
  let out = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 0x26: entity = "&amp;"; break;
      case 0x3c: entity = "&lt;"; break;
      case 0x3e: entity = "&gt;"; break;
      case 0x22: entity = "&quot;"; break;
      case 0x27: entity = "&#39;"; break;
      default: continue;
    }
    out += text.slice(start, i) + entity;
    start = i + 1;
  }
  return out + text.slice(start);
}
