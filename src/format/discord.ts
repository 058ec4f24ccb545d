/**
 * The Discord format: execute-webhook bodies, one embed a record, several records a message.
 *
 * ```json
 * {
 *   "embeds": [{
 *     "title": "ERROR · myapp",
 *     "description": "Database query timed out",
 *     "color": 15548997,
 *     "fields": [{ "name": "timeout\\_ms", "value": "5000" }],
 *     "footer": { "text": "flowlog" },
 *     "timestamp": "2026-11-24T09:12:54.123Z"
 *   }],
 *   "allowed_mentions": { "parse": [] }
 * }
 * ```
 *
 * - Colour by level (alert-text.ts `levelColor`), title `LEVEL · logger`, the message as the
 *   description, each `extra` entry as a field (its value as compact JSON), the exception in a
 *   code block after the message, a footer "flowlog" (plus the repeat note of a coalesced
 *   record: "flowlog · ×37 in the last 60 s"), and the record's time as `timestamp` (left out
 *   when it is not an ISO 8601 date with a four-digit year). A key or value that would be blank
 *   after trimming, which Discord refuses, is a zero-width space.
 * - Limits (Discord's embed limits, counted in UTF-16 units before Discord trims whitespace,
 *   which can only make the count larger): title 256, description 4096, 25 fields with names of
 *   256 and values of 1024, footer 2048, 10 embeds and 6000 characters of title, description,
 *   field names and values and footer across a message. Text over a limit is cut with
 *   "…[+N chars]". With more than 25 keys the 25th field is named "+N more" and lists the keys
 *   left out. An embed over 6000 on its own is shrunk: the description keeps what it needs up
 *   to half the room, and the fields share the rest (every field cut to the same largest
 *   length that fits). Records share a message while both message limits allow; `content` is
 *   never sent, so its 2000 limit cannot be broken.
 * - Mentions: every body carries `allowed_mentions: { parse: [] }`, so nothing in it pings
 *   anyone. On top of that, a zero-width space (U+200B) follows the `@` of `@everyone` and
 *   `@here` in user text, so they do not even look like mentions.
 * - Markdown: Discord renders markdown and masked links in embed titles, descriptions and
 *   fields, so every markdown character in user text is backslash-escaped
 *   (\ * _ ~ ` | < > [ ] ( ) # - :): `[click](http://evil)` stays text, `<@123>` is not a
 *   mention, and an escaped `:` keeps a bare URL from becoming a link. The exception is in a
 *   code block, where markdown is not rendered; a zero-width space follows every backtick of
 *   its text, so nothing in it can close the fence.
 * - Username: omitted unless configured. Discord refuses names containing "discord" or
 *   "clyde" (any case), so those words are removed from a configured name (repeatedly, so
 *   "disclydecord" does not survive either), controls are removed, spaces collapsed and the
 *   name cut to 80 units; a name left empty is omitted (the webhook's own name is used).
 */
import type { LogRecord } from "../core/record.js";
import { alertParts, asText, type AlertParts } from "./alert-text.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { levelColor } from "./level-color.js";
import { codePointBoundary, fitText, type ClippedText } from "./fit-text.js";
import { cleanLine } from "./clean-text.js";

export interface DiscordEmbedField {
  readonly name: string;
  readonly value: string;
}

export interface DiscordEmbed {
  readonly title: string;
  readonly description?: string;
  readonly color: number;
  readonly fields?: readonly DiscordEmbedField[];
  readonly footer: { readonly text: string };
  readonly timestamp?: string;
}

/** The JSON body of Discord's Execute Webhook. */
export interface DiscordWebhookBody {
  readonly username?: string;
  readonly embeds: readonly DiscordEmbed[];
  readonly allowed_mentions: { readonly parse: readonly [] };
}

export interface DiscordFormatOptions {
  /** Overrides the webhook's name; sanitised (see the file comment). */
  readonly username?: string;
}

/** Discord's limits, in characters (counted here as UTF-16 units). */
export const DISCORD_LIMITS = Object.freeze({
  content: 2000,
  embeds: 10,
  total: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  username: 80,
});

const ZWSP = "\u200b";
const FENCE_OPEN = "```\n";
const FENCE_CLOSE = "\n```";
/** A timestamp Discord can parse: "Invalid Date" and extended years (+275760-...) are left out. */
const FOUR_DIGIT_YEAR = /^\d{4}-\d{2}-\d{2}T/;

/**
 * The webhook bodies for a batch of records, in order. Every record is in exactly one
 * message; every message has 1 to 10 embeds, at most 6000 characters of embed text and
 * `allowed_mentions: { parse: [] }`. Never throws.
 */
export function discordMessages(
  records: readonly LogRecord[],
  options: DiscordFormatOptions = {},
): OutgoingMessage<DiscordWebhookBody>[] {
  const username = options.username === undefined ? undefined : discordUsername(options.username);
  const messages: OutgoingMessage<DiscordWebhookBody>[] = [];
  let embeds: DiscordEmbed[] = [];
  let indexes: number[] = [];
  let total = 0;

  const flush = (): void => {
    if (embeds.length === 0) return;
    const body: DiscordWebhookBody = {
      ...(username === undefined ? {} : { username }),
      embeds,
      allowed_mentions: { parse: [] },
    };
    messages.push({ body, records: indexes });
    embeds = [];
    indexes = [];
    total = 0;
  };

  for (let i = 0; i < records.length; i++) {
    const embed = recordEmbed(records[i]);
    const size = embedSize(embed);
    if (embeds.length >= DISCORD_LIMITS.embeds || total + size > DISCORD_LIMITS.total) flush();
    embeds.push(embed);
    indexes.push(i);
    total += size;
  }
  flush();
  return messages;
}

/** The characters of an embed that count toward the 6000 of a message. */
export function embedSize(embed: DiscordEmbed): number {
  let size = embed.title.length + embed.footer.text.length + (embed.description?.length ?? 0);
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}

/**
 * User text made inert for Discord markdown: markdown characters backslash-escaped, and a
 * zero-width space after the `@` of `@everyone` and `@here`.
 */
export function escapeDiscordMarkdown(text: string): string {
  return neutraliseMentions(text.replace(MARKDOWN, "\\$&"));
}

const MARKDOWN = /[\\*_~`|<>[\]()#:-]/g;
const MENTION = /@(everyone|here)/gi;

function neutraliseMentions(text: string): string {
  return text.includes("@") ? text.replace(MENTION, `@${ZWSP}$1`) : text;
}

/** Text for inside a code block: a zero-width space after every backtick, so no fence can close. */
function codeText(text: string): string {
  return neutraliseMentions(text.includes("`") ? text.replaceAll("`", `\`${ZWSP}`) : text);
}

/**
 * A configured username Discord will take: "discord" and "clyde" (any case) removed until
 * none is left, controls removed, spaces collapsed, cut to 80 units. Undefined when nothing is
 * left, so the webhook's own name is used.
 */
export function discordUsername(name: string): string | undefined {
  let out = cleanLine(asText(name));
  for (let before = ""; before !== out; ) {
    before = out;
    out = out.replace(/discord|clyde/gi, "");
  }
  out = out.replace(/\s+/g, " ").trim();
  out = out.slice(0, codePointBoundary(out, DISCORD_LIMITS.username)).trim();
  return out === "" ? undefined : out;
}

/** One record's embed, within every per-embed limit and 6000 characters in all. */
function recordEmbed(record: LogRecord): DiscordEmbed {
  const parts = alertParts(record, {
    message: DISCORD_LIMITS.description,
    value: DISCORD_LIMITS.fieldValue,
    fields: 100,
    exception: DISCORD_LIMITS.description,
  });
  const title = nonBlank(
    fitText({ text: `${parts.level} · ${parts.logger}`, omitted: 0 }, DISCORD_LIMITS.title, escapeDiscordMarkdown),
  );
  const footer = parts.repeat === undefined ? "flowlog" : `flowlog · ${parts.repeat}`;
  const room = DISCORD_LIMITS.total - title.length - footer.length;

  let description = describe(parts, DISCORD_LIMITS.description);
  let fields = buildFields(parts, DISCORD_LIMITS.fieldValue);
  const fieldsSize = sizeOf(fields);
  if (description.length + fieldsSize > room) {
    const keep = Math.max(room - fieldsSize, Math.floor(room / 2));
    if (description.length > keep) description = describe(parts, keep);
    fields = shrinkFields(parts, room - description.length);
  }

  return {
    title,
    ...(description === "" ? {} : { description }),
    color: levelColor(parts.level),
    ...(fields.length === 0 ? {} : { fields }),
    footer: { text: footer },
    ...(FOUR_DIGIT_YEAR.test(parts.time) ? { timestamp: parts.time } : {}),
  };
}

/**
 * The description within `max`: the message, then the exception in a code block. When both do
 * not fit, the shorter keeps what it needs up to half the room and the other gets the rest.
 */
function describe(parts: AlertParts, max: number): string {
  const message = parts.message.text.trim() === "" && parts.message.omitted === 0 ? undefined : parts.message;
  const exception = parts.exception?.text;
  if (exception === undefined) return message === undefined ? "" : fitText(message, max, escapeDiscordMarkdown);
  const overhead = FENCE_OPEN.length + FENCE_CLOSE.length + (message === undefined ? 0 : 1);
  if (max <= overhead) return message === undefined ? "" : fitText(message, max, escapeDiscordMarkdown);
  const room = max - overhead;
  if (message === undefined) return `${FENCE_OPEN}${fitText(exception, room, codeText)}${FENCE_CLOSE}`;

  const messageWant = fitText(message, room, escapeDiscordMarkdown).length;
  const exceptionWant = fitText(exception, room, codeText).length;
  let messageRoom = messageWant;
  if (messageWant + exceptionWant > room) {
    const half = Math.floor(room / 2);
    messageRoom = messageWant <= half ? messageWant : exceptionWant <= half ? room - exceptionWant : half;
  }
  const text = fitText(message, messageRoom, escapeDiscordMarkdown);
  return `${text}\n${FENCE_OPEN}${fitText(exception, room - text.length, codeText)}${FENCE_CLOSE}`;
}

/** The fields with names cut to min(256, cap) and values to cap; the 25th says "+N more" when needed. */
function buildFields(parts: AlertParts, cap: number): DiscordEmbedField[] {
  const nameCap = Math.min(DISCORD_LIMITS.fieldName, cap);
  const valueCap = Math.min(DISCORD_LIMITS.fieldValue, cap);
  const overflow = parts.extraTotal > DISCORD_LIMITS.fields;
  const shown = overflow ? DISCORD_LIMITS.fields - 1 : Math.min(parts.extra.length, DISCORD_LIMITS.fields);
  const fields: DiscordEmbedField[] = [];
  for (let i = 0; i < shown; i++) {
    const { name, value } = parts.extra[i];
    fields.push({ name: fieldText(name, nameCap), value: fieldText(value, valueCap) });
  }
  if (overflow) {
    const more = parts.extraTotal - shown;
    const names = parts.extra.slice(shown).map((field) => field.name.text);
    const listed: ClippedText = { text: names.join(", "), omitted: 0 };
    const unlisted = parts.extraTotal - parts.extra.length;
    const value = fitText(unlisted > 0 ? { text: `${listed.text}, …`, omitted: 0 } : listed, valueCap, escapeDiscordMarkdown);
    fields.push({ name: nonBlank(fitText({ text: `+${more} more`, omitted: 0 }, nameCap)), value: nonBlank(value) });
  }
  return fields;
}

/**
 * The fields within `room` characters: every name and value cut to the largest common cap
 * that fits (names to at most 256), then, should even a cap of 1 not fit, fewer fields.
 * The cap is found on an upper bound of each field's size (its whole escaped length when it is
 * shown whole, else the cap), so the fields are built once.
 */
function shrinkFields(parts: AlertParts, room: number): DiscordEmbedField[] {
  const wholeLengths: number[] = []; // escaped length of each name and value shown whole; -1: cut anyway
  const whole = (text: ClippedText, cap: number): number => {
    if (text.omitted > 0) return -1;
    const length = nonBlank(escapeDiscordMarkdown(text.text)).length;
    return length <= cap ? length : -1;
  };
  const overflow = parts.extraTotal > DISCORD_LIMITS.fields;
  const shown = overflow ? DISCORD_LIMITS.fields - 1 : Math.min(parts.extra.length, DISCORD_LIMITS.fields);
  for (let i = 0; i < shown; i++) {
    wholeLengths.push(whole(parts.extra[i].name, DISCORD_LIMITS.fieldName), whole(parts.extra[i].value, DISCORD_LIMITS.fieldValue));
  }
  if (overflow) wholeLengths.push(-1, -1);
  const bound = (cap: number): number => {
    let size = 0;
    for (let i = 0; i < wholeLengths.length; i++) {
      const limit = i % 2 === 0 ? Math.min(DISCORD_LIMITS.fieldName, cap) : cap;
      const length = wholeLengths[i];
      size += length === -1 ? limit : Math.min(length, limit);
    }
    return size;
  };
  let lo = 1;
  let hi = DISCORD_LIMITS.fieldValue;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bound(mid) <= room) lo = mid;
    else hi = mid - 1;
  }
  const fields = buildFields(parts, lo);
  while (fields.length > 0 && sizeOf(fields) > room) fields.pop();
  return fields;
}

function fieldText(text: ClippedText, max: number): string {
  return nonBlank(fitText(text, max, escapeDiscordMarkdown));
}

/** Discord rejects a field name or value that is empty after trimming: a zero-width space stands in. */
function nonBlank(text: string): string {
  return text.trim() === "" ? ZWSP : text;
}

function sizeOf(fields: readonly DiscordEmbedField[]): number {
  let size = 0;
  for (const field of fields) size += field.name.length + field.value.length;
  return size;
}
