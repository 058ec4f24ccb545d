/**
 * The WhatsApp format: Twilio Messages API form fields, plain text, records joined while they fit.
 *
 * ```
 * From=whatsapp:+14155238886
 * To=whatsapp:+15551234567
 * Body=[ERROR] myapp: Database query timed out
 *      2026-11-24T09:12:54.123Z · ×37 in the last 60 s
 *      timeout_ms: 5000
 * ```
 *
 * A record is its headline, its time (and repeat note), the whole message when the headline
 * does not show all of it, `extra` as `key: value` lines and the exception. Records of a batch
 * are joined by a blank line while the Body stays within Twilio's 1600 characters (counted as
 * UTF-16 units, so an emoji counts 2, as Twilio's error page warns).
 *
 * Truncation: a WhatsApp alert is meant to be short, so a record longer than 1600 characters
 * is not split over several messages but cut to 1600 with "…[+N chars]" at the end (N: the
 * characters left out); the full record is in the file sinks. Every record is in exactly one
 * message.
 *
 * The Body is plain text: no HTML or escaping. Control characters are stripped (alert-text.ts
 * cleaning; LF and TAB kept), so nothing can reach a phone as a terminal escape or bidi
 * override. WhatsApp's own `*bold*` and `_italic_` have no escape and are left alone.
 * Addresses: a configured `+15551234567` gets the `whatsapp:` prefix; one that already has it
 * (any case) is kept, with the prefix written in lower case.
 */
import type { LogRecord } from "../core/record.js";
import { alertParts, extraLines } from "./alert-text.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { truncateText, withMarker } from "./fit-text.js";

/** Twilio's form fields for one WhatsApp message (form-encoded by the sink). */
export interface TwilioWhatsAppBody {
  readonly From: string;
  readonly To: string;
  readonly Body: string;
}

export interface WhatsAppFormatOptions {
  /** The sender: an E.164 number, `+14155238886`, or `whatsapp:+14155238886`. */
  readonly from: string;
  /** The recipient, written the same way. */
  readonly to: string;
}

/** Twilio's limit on `Body`. */
export const WHATSAPP_MAX_BODY = 1600;

const RECORD_SEPARATOR = "\n\n";
const PREFIX = "whatsapp:";

/** The message bodies for a batch of records, in order; every Body has 1 to 1600 units. Never throws. */
export function whatsappMessages(
  records: readonly LogRecord[],
  options: WhatsAppFormatOptions,
): OutgoingMessage<TwilioWhatsAppBody>[] {
  const from = whatsappAddress(options.from);
  const to = whatsappAddress(options.to);
  const messages: OutgoingMessage<TwilioWhatsAppBody>[] = [];
  let body = "";
  let indexes: number[] = [];

  const flush = (): void => {
    if (body !== "") messages.push({ body: { From: from, To: to, Body: body }, records: indexes });
    body = "";
    indexes = [];
  };

  for (let i = 0; i < records.length; i++) {
    const text = recordText(records[i]);
    if (body !== "" && body.length + RECORD_SEPARATOR.length + text.length > WHATSAPP_MAX_BODY) flush();
    body = body === "" ? text : body + RECORD_SEPARATOR + text;
    indexes.push(i);
  }
  flush();
  return messages;
}

/** `+15551234567` as `whatsapp:+15551234567`; an address already prefixed keeps its number. */
export function whatsappAddress(address: string): string {
  const trimmed = String(address).trim();
  return trimmed.toLowerCase().startsWith(PREFIX) ? PREFIX + trimmed.slice(PREFIX.length).trim() : PREFIX + trimmed;
}

/** One record as plain text of 1 to 1600 units. */
function recordText(record: LogRecord): string {
  const parts = alertParts(record, {
    message: WHATSAPP_MAX_BODY,
    value: 256,
    fields: 50,
    exception: WHATSAPP_MAX_BODY,
  });
  let text = `${parts.headline}\n${parts.repeat === undefined ? parts.time : `${parts.time} · ${parts.repeat}`}`;
  if (!parts.messageInHeadline) text += `\n${withMarker(parts.message)}`;
  if (parts.extraTotal > 0) text += `\n${extraLines(parts)}`;
  if (parts.exception !== undefined) text += `\n${withMarker(parts.exception.text)}`;
  return truncateText(text, WHATSAPP_MAX_BODY);
}
