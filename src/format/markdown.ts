/**
 * The `file_markdown` format: a section a record, to read rendered (GitHub, an IDE preview).
 *
 * ````
 * ### 2026-11-24T09:12:54.123Z · ERROR · myapp
 *
 * Database query timed out
 *
 * <details><summary>extra</summary>
 *
 * ```json
 * {
 *   "timeout_ms": 5000
 * }
 * ```
 * </details>
 *
 * ````
 *
 * User text must stay text (OWASP: markdown injection), and stay greppable: in the heading and
 * the message only what would change the rendering at its position is escaped (markdownInline:
 * `#` only at the start, a `.` only after leading digits, ...); `&`, `<` and `>` become
 * entities (no raw HTML); a newline becomes `<br>`, so the message is one physical line and can
 * never open a heading, list or new section. Control characters are shown as escapes first
 * (escapeControl). `[click](http://evil)` therefore renders as that text, `91.2.3.4` as is.
 *
 * `extra` (pretty JSON) and the exception (the same layout as the text format) sit in fenced
 * code blocks inside `<details>`; the fence is a run of backticks longer than any in the
 * content, so no user text can close it. The summary line is HTML: escaped as entities.
 */
import { LEVEL_NAMES } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { toIJson, toSafeValue } from "../serialize/index.js";
import { escapeControl, escapeControlLines, escapeHtml } from "./escape.js";
import { renderException } from "./exception.js";
import { FormatCache } from "./format-cache.js";
import { isoTimeCached } from "./time.js";
import { truncate } from "../core/truncate.js";

/** Exception summaries longer than this are cut: the full text is in the block below. */
const SUMMARY_MAX = 200;

/** Characters that may need escaping anywhere; each is decided in markdownInline. */
const MAYBE_SPECIAL = /[\\`*_[~$&<>\n.@:]/;

/** A first character that may need escaping at the start (or a heading's `#`). */
const MAYBE_SPECIAL_FIRST = /^[\d#+\- ]/;

/** ASCII punctuation: a backslash before one of these is an escape, so it must be escaped itself. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

const KNOWN_LEVELS: ReadonlySet<string> = new Set<string>(LEVEL_NAMES);

/** One record as a markdown section, ending with a blank line. */
export function formatMarkdown(record: LogRecord): string {
  return formatMarkdownCached(record, new FormatCache());
}

/** {@link formatMarkdown} as a sink runs it: the same text, reusing what `cache` kept from the records before. */
export function formatMarkdownCached(record: LogRecord, cache: FormatCache): string {
  const level = KNOWN_LEVELS.has(record.level) ? record.level : markdownInline(escapeControl(String(record.level)), true);
  let out = `### ${isoTimeCached(record.time, cache)} · ${level} · ${markdownInline(escapeControl(String(record.logger)), true)}\n\n${markdownInline(escapeControlLines(String(record.msg), "\n"))}\n\n`;
  if (record.extra !== undefined) {
    const json = toIJson(JSON.stringify(toSafeValue(record.extra), null, 2) ?? "null");
    out += details("extra", "json", escapeControlLines(json, "\n"));
  }
  if (record.exc !== undefined) {
    const exc = record.exc;
    const message = String(exc.message);
    const title = message === "" ? String(exc.type) : `${String(exc.type)}: ${message}`;
    const body = renderException(exc, "");
    out += details(`exception: ${summaryHtml(title)}`, "text", body.slice(0, body.length - 1));
  }
  return out;
}

/**
 * Text made inert for a markdown paragraph or heading, escaping only what would change the
 * rendering where it stands, so versions, IPs and paths stay greppable (`v2.3.1`, not
 * `v2\.3\.1`). The text is one physical line (LF becomes `<br>`), so "line start" is its
 * first character only:
 * - anywhere: `` ` `` (code span), `*` (emphasis), `~` (GFM strikethrough), `[` (link, image,
 *   footnote: without it `]`, `(` and `!` are plain), `$` (GitHub math); `_` unless between two
 *   ASCII letters or digits (intraword, inert); `\` before ASCII punctuation or a line break;
 *   `&`, `<`, `>` as entities (no raw HTML, no `> ` quote); `:` before `//` and `@` after an
 *   address character (GFM autolinks: `http://…`, `a@b.c`); the `.` of `www.`;
 * - at the start only: `#` (heading), `+` and `-` (list, thematic break), and the `.` or `)`
 *   after leading digits when a space or the end follows (ordered list); a leading space becomes `&#32;` (no indented code) and
 *   so does a trailing one (a paragraph drops it);
 * - in a heading (`heading: true`), `#` anywhere: a closing run of `#` would be cut off.
 * Control characters must already be shown as escapes (escapeControl).
 */
export function markdownInline(text: string, heading = false): string {
  if (!MAYBE_SPECIAL.test(text) && !MAYBE_SPECIAL_FIRST.test(text) && !text.endsWith(" ") && !(heading && text.includes("#"))) return text;
  let out = "";
  let start = 0; // first code unit not yet copied to `out`
  const replace = (at: number, replacement: string): void => {
    out += text.slice(start, at) + replacement;
    start = at + 1;
  };
  const leadingDigits = /^\d*/.exec(text)![0].length;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    switch (char) {
      case "`":
      case "*":
      case "~":
      case "[":
      case "$":
        replace(i, `\\${char}`);
        break;
      case "_":
        if (!(isAsciiAlphanumeric(text, i - 1) && isAsciiAlphanumeric(text, i + 1))) replace(i, "\\_");
        break;
      case "\\":
        // What follows may be punctuation in the output too: `<br>` for LF, `&#32;` for a last space.
        if (ASCII_PUNCTUATION.test(text[i + 1] ?? "") || text[i + 1] === "\n" || (text[i + 1] === " " && i + 2 === text.length)) {
          replace(i, "\\\\");
        }
        break;
      case "&":
        replace(i, "&amp;");
        break;
      case "<":
        replace(i, "&lt;");
        break;
      case ">":
        replace(i, "&gt;");
        break;
      case "\n":
        replace(i, "<br>");
        break;
      case " ":
        if (i === 0 || i === text.length - 1) replace(i, "&#32;");
        break;
      case "#":
        if (i === 0 || heading) replace(i, "\\#");
        break;
      case "+":
      case "-":
        if (i === 0) replace(i, `\\${char}`);
        break;
      case ".":
        if (opensOrderedList(text, i, leadingDigits) || /www$/i.test(text.slice(Math.max(0, i - 3), i))) replace(i, "\\.");
        break;
      case ")":
        if (opensOrderedList(text, i, leadingDigits)) replace(i, "\\)");
        break;
      case ":":
        if (text.startsWith("//", i + 1)) replace(i, "\\:");
        break;
      case "@":
        if (i > 0 && /[A-Za-z0-9.+_-]/.test(text[i - 1])) replace(i, "\\@");
        break;
    }
  }
  return out + text.slice(start);
}

/** `1.` or `1)` at the start, followed by a space or the end: an ordered list item ("91.2" is not). */
function opensOrderedList(text: string, at: number, leadingDigits: number): boolean {
  return at === leadingDigits && at > 0 && (at + 1 === text.length || text[at + 1] === " " || text[at + 1] === "\t");
}

function isAsciiAlphanumeric(text: string, at: number): boolean {
  const code = text.charCodeAt(at); // NaN outside the text: false
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** The exception's title for `<summary>`: one line, entities only (HTML blocks ignore `\`). */
function summaryHtml(title: string): string {
  const html = escapeHtml(escapeControl(truncate(title, SUMMARY_MAX)));
  return html.includes("[") || html.includes("]") ? html.replaceAll("[", "&#91;").replaceAll("]", "&#93;") : html;
}

/** A collapsible block holding `content` in a fence no line of the content can close. */
function details(summary: string, language: string, content: string): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(content) + 1));
  return `<details><summary>${summary}</summary>\n\n${fence}${language}\n${content}\n${fence}\n</details>\n\n`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  let at = text.indexOf("`");
  while (at !== -1) {
    let end = at + 1;
    while (text.charCodeAt(end) === 0x60) end++;
    if (end - at > longest) longest = end - at;
    at = text.indexOf("`", end);
  }
  return longest;
}
