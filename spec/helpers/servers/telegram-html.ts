/**
 * A strict version of Telegram's HTML parse mode (contract §2.3), modelled on TDLib's parser:
 * same tag set, same error texts for tags ("Unsupported start tag \"x\" at byte offset N", ...),
 * but stricter than the real server in three places, so a sink that escapes correctly passes and
 * one that relies on leniency fails:
 * - `&` must start `&lt;` `&gt;` `&amp;` `&quot;` or a numeric entity (`&nbsp;` and a bare `&`
 *   are errors; Telegram would keep them as text);
 * - no tags inside `code` / `pre` (except `<code class="language-x">` directly in `<pre>`);
 * - blockquotes do not nest.
 * A raw `>` is accepted, as Telegram accepts it.
 */

export interface TelegramEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export type HtmlParseResult = { ok: true; text: string; entities: TelegramEntity[] } | { ok: false; error: string };

const SUPPORTED = new Set([
  "a",
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "tg-emoji",
  "code",
  "pre",
  "blockquote",
]);

const ENTITY_TYPE: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  span: "spoiler",
  "tg-spoiler": "spoiler",
  code: "code",
  pre: "pre",
  a: "text_link",
  "tg-emoji": "custom_emoji",
};

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\f" || c === "\v";

interface Open {
  tag: string;
  start: number;
  bytePos: number;
  attributes: Map<string, string>;
  language?: string;
}

/** Parses Telegram HTML into the visible text (trimmed, as Telegram trims) and its entities. */
export function parseTelegramHtml(html: string): HtmlParseResult {
  const byteOffset = (i: number) => Buffer.byteLength(html.slice(0, i), "utf8");
  const fail = (message: string): HtmlParseResult => ({ ok: false, error: message });
  let out = "";
  const stack: Open[] = [];
  const entities: TelegramEntity[] = [];
  const n = html.length;

  /** Decodes the entity at i; returns [text, length] or an error string. */
  const entityAt = (i: number): [string, number] | string => {
    const rest = html.slice(i, i + 16);
    const m = /^&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|(lt|gt|amp|quot));/.exec(rest);
    if (m) {
      if (m[3]) return [{ lt: "<", gt: ">", amp: "&", quot: '"' }[m[3]]!, m[0].length];
      const code = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2], 16);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        return `Invalid numeric HTML entity "${m[0]}" at byte offset ${byteOffset(i)}`;
      }
      return [String.fromCodePoint(code), m[0].length];
    }
    const named = /^&[a-zA-Z][a-zA-Z0-9]*;/.exec(rest);
    if (named) return `Unsupported HTML entity "${named[0]}" at byte offset ${byteOffset(i)}`;
    return `Character "&" must be escaped as "&amp;" at byte offset ${byteOffset(i)}`;
  };

  let i = 0;
  while (i < n) {
    const c = html[i];
    if (c === "&") {
      const decoded = entityAt(i);
      if (typeof decoded === "string") return fail(decoded);
      out += decoded[0];
      i += decoded[1];
      continue;
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    if (html[i + 1] === "/") {
      // end tag
      if (stack.length === 0) return fail(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
      let j = i + 2;
      while (j < n && !isSpace(html[j]) && html[j] !== ">") j++;
      const name = html.slice(i + 2, j).toLowerCase();
      while (j < n && isSpace(html[j])) j++;
      if (html[j] !== ">") return fail(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
      const open = stack.pop()!;
      if (name !== "" && name !== open.tag) {
        return fail(`Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${open.tag}>", found "</${name}>"`);
      }
      closeEntity(open, out.length, stack, entities);
      i = j + 1;
      continue;
    }
    // start tag
    let j = i + 1;
    while (j < n && !isSpace(html[j]) && html[j] !== ">") j++;
    if (j >= n) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
    const tag = html.slice(i + 1, j).toLowerCase();
    if (!SUPPORTED.has(tag)) return fail(`Unsupported start tag "${tag}" at byte offset ${byteOffset(begin)}`);
    const attributes = new Map<string, string>();
    while (html[j] !== ">") {
      while (j < n && isSpace(html[j])) j++;
      if (j >= n) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      if (html[j] === ">") break;
      const nameStart = j;
      while (j < n && !isSpace(html[j]) && html[j] !== "=" && html[j] !== ">") j++;
      const attrName = html.slice(nameStart, j).toLowerCase();
      if (attrName === "") return fail(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(begin)}`);
      while (j < n && isSpace(html[j])) j++;
      if (html[j] !== "=") {
        // a bare attribute such as <blockquote expandable>
        if (tag === "blockquote" && attrName === "expandable") {
          attributes.set(attrName, "");
          continue;
        }
        return fail(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(begin)}`);
      }
      j++;
      while (j < n && isSpace(html[j])) j++;
      if (j >= n) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      let value = "";
      if (html[j] !== "'" && html[j] !== '"') {
        const tokenStart = j;
        while (j < n && /[A-Za-z0-9.\-]/.test(html[j])) j++;
        value = html.slice(tokenStart, j).toLowerCase();
        if (j < n && !isSpace(html[j]) && html[j] !== ">") {
          return fail(`Unexpected end of name token at byte offset ${byteOffset(tokenStart)}`);
        }
      } else {
        const quote = html[j++];
        while (j < n && html[j] !== quote) {
          if (html[j] === "&") {
            const decoded = entityAt(j);
            if (typeof decoded === "string") return fail(decoded);
            value += decoded[0];
            j += decoded[1];
            continue;
          }
          value += html[j++];
        }
        if (j >= n) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
        j++;
      }
      attributes.set(attrName, value);
    }
    if (tag === "span" && attributes.get("class") !== "tg-spoiler") {
      return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
    }
    if (tag === "tg-emoji" && !/^\d+$/.test(attributes.get("emoji-id") ?? "")) {
      return fail(`Tag "tg-emoji" must have a numeric "emoji-id" attribute at byte offset ${byteOffset(begin)}`);
    }
    const parent = stack.at(-1);
    const inCode = stack.find((o) => o.tag === "code" || o.tag === "pre");
    if (inCode && !(tag === "code" && parent?.tag === "pre")) {
      return fail(`Entity "${tag}" can't be nested in "${inCode.tag}" at byte offset ${byteOffset(begin)}`);
    }
    if (tag === "blockquote" && stack.some((o) => o.tag === "blockquote")) {
      return fail(`Blockquote entities can't be nested at byte offset ${byteOffset(begin)}`);
    }
    stack.push({ tag, start: out.length, bytePos: byteOffset(begin), attributes });
    i = j + 1;
  }
  if (stack.length > 0) return fail(`Can't find end tag corresponding to start tag "${stack.at(-1)!.tag}"`);

  // Telegram trims leading and trailing whitespace; entity offsets move with it.
  const lead = out.length - out.replace(/^[ \t\r\n\f\v]+/, "").length;
  const text = out.slice(lead).replace(/[ \t\r\n\f\v]+$/, "");
  const trimmed: TelegramEntity[] = [];
  for (const e of entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(text.length, e.offset + e.length - lead);
    if (end > start) trimmed.push({ ...e, offset: start, length: end - start });
  }
  trimmed.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text, entities: trimmed };
}

function closeEntity(open: Open, end: number, stack: Open[], entities: TelegramEntity[]): void {
  const length = end - open.start;
  if (open.tag === "code") {
    const parent = stack.at(-1);
    const cls = open.attributes.get("class");
    if (parent?.tag === "pre") {
      if (cls?.startsWith("language-")) parent.language = cls.slice("language-".length);
      return;
    }
  }
  if (length <= 0) return;
  if (open.tag === "blockquote") {
    entities.push({ type: open.attributes.has("expandable") ? "expandable_blockquote" : "blockquote", offset: open.start, length });
    return;
  }
  const entity: TelegramEntity = { type: ENTITY_TYPE[open.tag], offset: open.start, length };
  if (open.tag === "a") {
    const href = open.attributes.get("href") ?? "";
    const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
    if (mention) entity.type = "text_mention";
    entity.url = href;
  }
  if (open.tag === "pre" && open.language) entity.language = open.language;
  if (open.tag === "tg-emoji") entity.custom_emoji_id = open.attributes.get("emoji-id");
  entities.push(entity);
}

/** Escapes text for Telegram HTML the way the contract's client rule says (for tests). */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
