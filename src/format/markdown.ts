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
 * User text must stay text (OWASP: markdown injection). In the heading and the message, every
 * markdown metacharacter is backslash-escaped (\ ` * _ { } [ ] ( ) # + - . ! | ~), and so are
 * `:` and `@` (so GFM's bare-URL and e-mail autolinks cannot fire) and `$` (GitHub math);
 * `&`, `<` and `>` become entities (no raw HTML, no `> ` quote); a newline becomes `<br>`, so
 * the message is one physical line and can never open a heading, list or new section; a leading
 * space becomes `&#32;` so four of them cannot open a code block. Control characters are shown
 * as escapes first (escapeControl). `[click](http://evil)` therefore renders as that text.
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
import { isoTime } from "./time.js";
import { truncate } from "../core/truncate.js";

/** Exception summaries longer than this are cut: the full text is in the block below. */
const SUMMARY_MAX = 200;

/** Replacement of each ASCII character markdown or HTML would interpret; undefined: kept. */
const INLINE_ESCAPES: readonly (string | undefined)[] = Array.from({ length: 0x80 }, (_, code) => {
  const char = String.fromCharCode(code);
  if (char === "&") return "&amp;";
  if (char === "<") return "&lt;";
  if (char === ">") return "&gt;";
  if (char === "\n") return "<br>";
  return "\\`*_{}[]()#+-.!|~:@$".includes(char) ? `\\${char}` : undefined;
});

/** Fast test for any character INLINE_ESCAPES changes. */
const INLINE_SPECIAL = /[\\`*_{}[\]()#+\-.!|~:@$&<>\n]/;

const KNOWN_LEVELS = new Set<string>(LEVEL_NAMES);

/** One record as a markdown section, ending with a blank line. */
export function formatMarkdown(record: LogRecord): string {
  const level = KNOWN_LEVELS.has(record.level) ? record.level : markdownInline(escapeControl(String(record.level)));
  let out = `### ${isoTime(record.time)} · ${level} · ${markdownInline(escapeControl(String(record.logger)))}\n\n${markdownInline(escapeControlLines(String(record.msg), "\n"))}\n\n`;
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
 * Text made inert for a markdown paragraph or heading: metacharacters backslash-escaped, HTML
 * characters as entities, LF as `<br>`. Call it on text that has been through escapeControl.
 */
export function markdownInline(text: string): string {
  let out = "";
  let start = 0; // first code unit not yet copied to `out`
  if (text.charCodeAt(0) === 0x20) {
    out = "&#32;";
    start = 1;
  }
  if (!INLINE_SPECIAL.test(text)) return start === 0 ? text : out + text.slice(start);
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) continue;
    const replacement = INLINE_ESCAPES[code];
    if (replacement === undefined) continue;
    out += text.slice(start, i) + replacement;
    start = i + 1;
  }
  return out + text.slice(start);
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
