/**
 * The email format: one digest mail a batch, with a plain-text and an HTML part.
 *
 * ```
 * Subject: [ERROR] myapp: Database down (+4 more)
 *
 * 5 alerts from myapp, 2026-11-24T09:12:54.123Z to 2026-11-24T09:12:55.001Z
 *
 * [ERROR] myapp: Database down
 * Time: 2026-11-24T09:12:54.123Z
 * Extra:
 * host: "db1"
 * ...
 * ```
 *
 * Subject: `[LEVEL] logger: message` of the record with the highest level (the first such
 * record when several share it), then " (×37 in the last 60 s)" when that record is a
 * coalesced one and " (+N more)" for the other records of the batch. It is one line (every
 * line break, TAB and control character is replaced or removed, alert-text.ts `cleanLine`), so
 * no user text can start a header: "\r\nBcc: attacker@evil" stays inside the Subject. It is
 * at most 200 characters; the message is cut with "…[+N chars]" and the suffixes are kept.
 *
 * Parts: the text part is plain (nothing escaped, controls stripped); the HTML part passes
 * every user string through escapeHtml (escape.ts), shows each record as a small table with its
 * extra and exception in `<pre>`, and contains no link, image or script of ours. Each record
 * keeps at most 16,384 characters of message, of extra and of exception. A batch of more
 * than 100 records lists the first 100 in full and the rest by their headline.
 */
import type { LogRecord } from "../core/record.js";
import { alertHeadline, alertParts, asText, extraLines, HEADLINE_MAX, repeatNote, type AlertParts } from "./alert-text.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { levelColor } from "./level-color.js";
import { fitText, withMarker } from "./fit-text.js";
import { cleanLine } from "./clean-text.js";
import { escapeHtml } from "./escape.js";

/** The parts of a digest mail; the sink adds From, To and the transport. */
export interface EmailBody {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface EmailFormatOptions {
  /** The envelope sender. Not rendered: the sink gives it to the transport. */
  readonly from?: string;
  /** The recipients. Not rendered: the sink gives them to the transport. */
  readonly to?: string | readonly string[];
  /** The logger the sink belongs to, named in the digest's first line. */
  readonly loggerName: string;
}

/** The longest Subject, in UTF-16 units. */
export const EMAIL_SUBJECT_MAX = 200;
/** Records shown in full in one digest; the rest are listed by headline. */
export const EMAIL_DETAILED_RECORDS = 100;
/** Characters kept of each record's message, extra and exception. */
export const EMAIL_PART_MAX = 16_384;

const SEPARATOR = "\n\n----------------------------------------\n\n";

/**
 * The digest for a batch: one message carrying every record, or none for an empty batch.
 * Never throws.
 */
export function emailMessage(records: readonly LogRecord[], options: EmailFormatOptions): OutgoingMessage<EmailBody>[] {
  if (records.length === 0) return [];
  const parts: AlertParts[] = [];
  for (let i = 0; i < records.length && i < EMAIL_DETAILED_RECORDS; i++) {
    parts.push(alertParts(records[i], { message: EMAIL_PART_MAX, value: EMAIL_PART_MAX, fields: 1000, exception: EMAIL_PART_MAX }));
  }
  const rest: string[] = [];
  for (let i = EMAIL_DETAILED_RECORDS; i < records.length; i++) rest.push(alertHeadline(records[i]));

  const subject = emailSubject(records);
  const intro = introLine(records, cleanLine(asText(options.loggerName)));
  const body: EmailBody = {
    subject,
    text: textPart(intro, parts, rest),
    html: htmlPart(subject, intro, parts, rest),
  };
  return [{ body, records: records.map((_, i) => i) }];
}

/**
 * `[LEVEL] logger: message` of the first record with the highest level, plus its repeat note
 * and "(+N more)", on one line of at most 200 characters.
 */
export function emailSubject(records: readonly LogRecord[]): string {
  if (records.length === 0) return "";
  let top = 0;
  for (let i = 1; i < records.length; i++) if (levelno(records[i]) > levelno(records[top])) top = i;
  const record = records[top];
  let note: string | undefined;
  try {
    note = repeatNote(record);
  } catch {
    note = undefined;
  }
  const suffix = (note === undefined ? "" : ` (${note})`) + (records.length > 1 ? ` (+${records.length - 1} more)` : "");
  return alertHeadline(record, EMAIL_SUBJECT_MAX - suffix.length) + suffix;
}

function levelno(record: LogRecord): number {
  try {
    return typeof record.levelno === "number" && !Number.isNaN(record.levelno) ? record.levelno : -Infinity;
  } catch {
    return -Infinity;
  }
}

/** "1 alert from myapp at <time>" or "5 alerts from myapp, <first> to <last>". */
function introLine(records: readonly LogRecord[], loggerName: string): string {
  const from = loggerName === "" ? "" : ` from ${fitText({ text: loggerName, omitted: 0 }, HEADLINE_MAX)}`;
  const first = alertParts(records[0], { message: 0, fields: 0, exception: 0 }).time;
  if (records.length === 1) return `1 alert${from} at ${first}`;
  const last = alertParts(records[records.length - 1], { message: 0, fields: 0, exception: 0 }).time;
  return `${records.length} alerts${from}, ${first} to ${last}`;
}

function textPart(intro: string, parts: readonly AlertParts[], rest: readonly string[]): string {
  const sections = parts.map((p) => {
    let out = `${p.headline}\nTime: ${p.time}`;
    if (p.repeat !== undefined) out += `\nRepeated: ${p.repeat}`;
    if (!p.messageInHeadline) out += `\nMessage:\n${withMarker(p.message)}`;
    if (p.extraTotal > 0) out += `\nExtra:\n${extraLines(p)}`;
    if (p.exception !== undefined) out += `\nException:\n${withMarker(p.exception.text)}`;
    return out;
  });
  if (rest.length > 0) sections.push(`${rest.length} more:\n${rest.join("\n")}`);
  return `${intro}\n\n${sections.join(SEPARATOR)}\n`;
}

function htmlPart(subject: string, intro: string, parts: readonly AlertParts[], rest: readonly string[]): string {
  let out =
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
    `<body style="font-family:sans-serif">\n<p>${escapeHtml(intro)}</p>\n`;
  for (const p of parts) {
    const color = `#${levelColor(p.level).toString(16).padStart(6, "0")}`;
    out += `<h3 style="color:${color}">${escapeHtml(p.headline)}</h3>\n<table cellpadding="4">\n`;
    out += row("Level", p.level) + row("Logger", p.logger) + row("Time", p.time);
    if (p.repeat !== undefined) out += row("Repeated", p.repeat);
    if (!p.messageInHeadline) out += row("Message", withMarker(p.message), ' style="white-space:pre-wrap"');
    out += "</table>\n";
    if (p.extraTotal > 0) out += `<pre>${escapeHtml(extraLines(p))}</pre>\n`;
    if (p.exception !== undefined) out += `<pre>${escapeHtml(withMarker(p.exception.text))}</pre>\n`;
    out += "<hr>\n";
  }
  if (rest.length > 0) {
    out += `<p>${rest.length} more:</p>\n<ul>\n${rest.map((headline) => `<li>${escapeHtml(headline)}</li>\n`).join("")}</ul>\n`;
  }
  return `${out}</body></html>\n`;
}

function row(name: string, value: string, attributes = ""): string {
  return `<tr><th align="left" valign="top">${name}</th><td${attributes}>${escapeHtml(value)}</td></tr>\n`;
}
