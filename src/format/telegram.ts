/**
 * The Telegram format: `sendMessage` bodies in HTML parse mode, records joined while they fit.
 *
 * ```html
 * <b>[ERROR] myapp: Database query timed out</b>
 * <i>2026-11-24T09:12:54.123Z · ×37 in the last 60 s</i>
 * <pre>timeout_ms: 5000</pre>
 * <pre>TypeError: boom
 *     at handler (/app/src/handler.js:10:5)</pre>
 * ```
 *
 * A record is its headline in bold, its time (and repeat note) in italics, the whole message
 * when the headline does not show all of it, `extra` as `key: value` lines in a `<pre>`, and
 * the exception in a `<pre>`. Records of a batch are joined by a blank line while the
 * message stays within 4096 visible characters.
 *
 * Escaping: every piece of user text goes through escapeHtml (escape.ts), so `&`, `<`, `>`,
 * `"` and `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`, all of which Telegram accepts; the
 * only tags are flowlog's own `<b>`, `<i>` and `<pre>`, never nested.
 *
 * Length: Telegram limits the text to 4096 characters after entity parsing: tags count 0, an
 * entity counts 1 (`visibleLength`), counted here in UTF-16 units. A record longer than that
 * is split across messages between two characters of the user's text, preferring a line
 * break near the end: never inside a tag or an entity, never between the halves of a
 * surrogate pair. An element cut at the split is closed at the end of one message and
 * reopened at the start of the next, which begins with "(continued)" in italics. So that an
 * alert stays a few messages, each record keeps at most 8,192 characters of message, 4,096 of
 * extra and 4,096 of exception; the rest is cut with "…[+N chars]".
 */
import type { LogRecord } from "../core/record.js";
import { alertParts, extraLines } from "./alert-text.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { fitText, codePointBoundary, withMarker } from "./fit-text.js";
import { escapeHtml } from "./escape.js";

/** The JSON body of Telegram's `sendMessage`. */
export interface TelegramSendMessageBody {
  readonly chat_id: string | number;
  readonly text: string;
  readonly parse_mode: "HTML";
  readonly link_preview_options: { readonly is_disabled: true };
}

export interface TelegramFormatOptions {
  /** The chat, group or channel to send to (a number or "@channelname"). */
  readonly chatId: string | number;
}

/** Telegram's limit on a message's text, after entity parsing. */
export const TELEGRAM_MAX_VISIBLE = 4096;

/** How much of each part of a record is kept before splitting (visible characters). */
export const TELEGRAM_CAPS = Object.freeze({ message: 8192, extra: 4096, exception: 4096 });

/** What opens a message that continues a record split across messages. */
const CONTINUED = "(continued)";
/** Between two records of one message. */
const RECORD_SEPARATOR = "\n\n";
/** A split looks this far back for a line break to cut after. */
const LINE_BREAK_LOOKBACK = 512;

type Tag = "b" | "i" | "pre";

/** A piece of a record: user text (not yet escaped), in one of our elements or bare. */
interface Piece {
  readonly text: string;
  readonly tag?: Tag;
  /** A line break between parts: dropped rather than carried to the top of a new message. */
  readonly separator?: boolean;
}

/**
 * The `sendMessage` bodies for a batch of records, in order. Every text has a visible length
 * of 1 to 4096; a record split over several messages is listed in each of them. Never throws.
 */
export function telegramMessages(
  records: readonly LogRecord[],
  options: TelegramFormatOptions,
): OutgoingMessage<TelegramSendMessageBody>[] {
  const chatId = options.chatId;
  const messages: OutgoingMessage<TelegramSendMessageBody>[] = [];
  let html = "";
  let visible = 0;
  let indexes: number[] = [];

  const flush = (): void => {
    if (visible > 0) {
      messages.push({
        body: { chat_id: chatId, text: html, parse_mode: "HTML", link_preview_options: { is_disabled: true } },
        records: indexes,
      });
    }
    html = "";
    visible = 0;
    indexes = [];
  };

  const append = (text: string, tag: Tag | undefined): void => {
    if (text === "") return;
    html += tag === undefined ? escapeHtml(text) : `<${tag}>${escapeHtml(text)}</${tag}>`;
    visible += text.length;
  };

  const continueRecord = (index: number): void => {
    flush();
    indexes.push(index);
    append(CONTINUED, "i");
    append("\n", undefined);
  };

  for (let index = 0; index < records.length; index++) {
    const pieces = recordPieces(records[index]);
    let size = 0;
    for (const piece of pieces) size += piece.text.length;
    if (visible > 0 && visible + RECORD_SEPARATOR.length + size > TELEGRAM_MAX_VISIBLE) flush();
    if (visible > 0) append(RECORD_SEPARATOR, undefined);
    indexes.push(index);

    for (const piece of pieces) {
      if (piece.separator === true) {
        if (visible + piece.text.length > TELEGRAM_MAX_VISIBLE) continueRecord(index);
        else append(piece.text, undefined);
        continue;
      }
      let rest = piece.text;
      while (rest !== "") {
        const room = TELEGRAM_MAX_VISIBLE - visible;
        if (rest.length <= room) {
          append(rest, piece.tag);
          break;
        }
        const cut = splitPoint(rest, room);
        append(rest.slice(0, cut), piece.tag);
        rest = rest.slice(cut);
        continueRecord(index);
      }
    }
  }
  flush();
  return messages;
}

/** Where to cut `text` so the first part has at most `room` units: after a late line break, or at a code point. */
function splitPoint(text: string, room: number): number {
  const cut = codePointBoundary(text, room);
  if (cut <= 0) return 0;
  const lineBreak = text.lastIndexOf("\n", cut - 1);
  return lineBreak >= 0 && lineBreak + 1 >= cut - LINE_BREAK_LOOKBACK ? lineBreak + 1 : cut;
}

/** A record as pieces of plain text, each to be escaped and wrapped in its tag. */
function recordPieces(record: LogRecord): Piece[] {
  const parts = alertParts(record, {
    message: TELEGRAM_CAPS.message,
    value: 1024,
    fields: 200,
    exception: TELEGRAM_CAPS.exception,
  });
  const pieces: Piece[] = [{ text: parts.headline, tag: "b" }];
  const line = (): void => void pieces.push({ text: "\n", separator: true });
  line();
  pieces.push({ text: parts.repeat === undefined ? parts.time : `${parts.time} · ${parts.repeat}`, tag: "i" });
  if (!parts.messageInHeadline) {
    line();
    pieces.push({ text: withMarker(parts.message) });
  }
  if (parts.extraTotal > 0) {
    line();
    pieces.push({ text: fitText({ text: extraLines(parts), omitted: 0 }, TELEGRAM_CAPS.extra), tag: "pre" });
  }
  if (parts.exception !== undefined) {
    line();
    pieces.push({ text: withMarker(parts.exception.text), tag: "pre" });
  }
  return pieces;
}

/**
 * The length of `html` as Telegram counts it after entity parsing: a tag counts 0, an entity
 * (`&amp;`, `&#39;`, `&#x1F600;`) counts 1 (2 for a numeric one above U+FFFF), every other
 * character its UTF-16 units. A `<` without a closing `>` and an `&` that starts no entity
 * count as themselves.
 */
export function visibleLength(html: string): number {
  let count = 0;
  for (let i = 0; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (code === 0x3c) {
      const end = html.indexOf(">", i + 1);
      if (end !== -1) {
        i = end;
        continue;
      }
    } else if (code === 0x26) {
      const entity = ENTITY.exec(html.slice(i, i + 12));
      if (entity !== null) {
        const point = entity[1] !== undefined ? Number.parseInt(entity[1], 10) : entity[2] !== undefined ? Number.parseInt(entity[2], 16) : 0;
        count += point > 0xffff ? 2 : 1;
        i += entity[0].length - 1;
        continue;
      }
    }
    count++;
  }
  return count;
}

const ENTITY = /^&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|[a-zA-Z]+);/;
