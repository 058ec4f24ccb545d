/**
 * RFC 5424 syslog messages for the syslog sink: pure functions from a record to the bytes of one
 * SYSLOG-MSG, and the RFC 6587 / RFC 5425 octet-counting frame around it.
 *
 * ```
 * <133>1 2026-11-24T09:12:54.123Z web-1 api 4242 - [flowlog@32473 level="DEPLOY" logger="api"][extra@32473 user="bob"] BOMmessage
 * ```
 *
 * - PRI is facility × 8 + the severity of {@link SYSLOG_SEVERITY} (the level table of the README).
 * - The exact flowlog level and the logger name travel in the `flowlog@32473` element; each key
 *   of `extra` is a parameter of a second element `extra@32473` (strings as they are, anything
 *   else as compact JSON). Values are escaped per RFC 5424 §6.3.3 (`"`, `\` and `]` get a
 *   backslash); names keep only the characters an SD-NAME allows, up to 32. 32473 is the example
 *   enterprise number of RFC 5612: flowlog has no registered one.
 * - MSG is the message (and the exception, as the text formats show it) in UTF-8 after a BOM, as
 *   RFC 5424 §6.4 requires. Line breaks stay: octet counting carries them, rsyslog stores them
 *   as `#012`. Lone surrogates become U+FFFD so the bytes are always valid UTF-8.
 * - Header fields are PRINTUSASCII only (anything else becomes `_`), cut to the RFC's lengths,
 *   and `-` when empty.
 * - A message longer than `maxBytes` is cut, never inside a UTF-8 character or an escape: first
 *   the message text (ending in "…[+N bytes]"), then, when `extra` alone is too large, the
 *   parameter that does not fit (its value ending in the same marker) and the ones after it,
 *   counted in `cut="N"`.
 */
import { Level } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { safeStringify } from "../serialize/index.js";
import { renderException } from "./exception.js";
import { toWellFormed } from "./escape.js";
import { FormatCache } from "./format-cache.js";
import { isoTimeCached, INVALID_TIME } from "./time.js";

/** flowlog level → syslog severity (0 emergency ... 7 debug). DEPLOY is a notice, not an error. */
export const SYSLOG_SEVERITY: Readonly<Record<number, number>> = Object.freeze({
  [Level.DEBUG]: 7,
  [Level.INFO]: 6,
  [Level.AUDIT]: 5,
  [Level.WEBHOOK]: 5,
  [Level.WARNING]: 4,
  [Level.SECURITY]: 4,
  [Level.ERROR]: 3,
  [Level.DEPLOY]: 5,
  [Level.CRITICAL]: 2,
});

export const FLOWLOG_SD_ID = "flowlog@32473";
export const EXTRA_SD_ID = "extra@32473";

export interface SyslogFormatOptions {
  /** 0..23. */
  readonly facility: number;
  readonly hostname: string;
  /** Default: the record's logger name. */
  readonly appName?: string;
  readonly procId: string;
  /** Bytes of the whole SYSLOG-MSG (frame prefix not counted). */
  readonly maxBytes: number;
}

/** RFC 5424 field lengths. */
const HOSTNAME_MAX = 255;
const APP_NAME_MAX = 48;
const PROCID_MAX = 128;
const SD_NAME_MAX = 32;
const BOM = "\uFEFF";
/** Bytes kept for the cut marker "…[+N bytes]" (N up to 16 digits). */
const MARKER_ROOM = 32;
/** Below this, a message is not cut any further: its SD gives way instead. */
const MIN_MESSAGE_BYTES = 64;

/** The severity of a flowlog level number; a number outside the nine maps like the level below it. */
export function syslogSeverity(levelno: number): number {
  const exact = SYSLOG_SEVERITY[levelno];
  if (exact !== undefined) return exact;
  let best = 7;
  for (const [level, severity] of Object.entries(SYSLOG_SEVERITY)) if (Number(level) <= levelno) best = severity;
  return best;
}

/** One record as the bytes of an RFC 5424 SYSLOG-MSG, at most `maxBytes` long. Never throws. */
export function formatSyslog(record: LogRecord, options: SyslogFormatOptions): Buffer {
  return formatSyslogCached(record, options, new FormatCache());
}

/** {@link formatSyslog} as the sink runs it: the same bytes, reusing what `cache` kept from the records before. */
export function formatSyslogCached(record: LogRecord, options: SyslogFormatOptions, cache: FormatCache): Buffer {
  const pri = options.facility * 8 + syslogSeverity(record.levelno);
  const time = isoTimeCached(record.time, cache);
  const header =
    `<${pri}>1 ${time === INVALID_TIME ? "-" : time} ${headerField(options.hostname, HOSTNAME_MAX)} ` +
    `${headerField(options.appName ?? record.logger, APP_NAME_MAX)} ${headerField(options.procId, PROCID_MAX)} - `;
  const own = `[${FLOWLOG_SD_ID} level="${escapeParam(record.level)}" logger="${escapeParam(toWellFormed(record.logger))}"]`;
  const params = extraParams(record.extra);
  const text = messageText(record);
  const fixed = Buffer.byteLength(header) + Buffer.byteLength(own) + 1 + Buffer.byteLength(BOM);

  let extra = extraElement(params, Infinity);
  let room = options.maxBytes - fixed - Buffer.byteLength(extra);
  const textBytes = Buffer.from(text, "utf8");
  if (textBytes.length > room && room < MIN_MESSAGE_BYTES + MARKER_ROOM) {
    // extra is what makes it too big: give the message its minimum and cut extra to the rest.
    const messageShare = Math.min(textBytes.length, MIN_MESSAGE_BYTES + MARKER_ROOM);
    extra = extraElement(params, options.maxBytes - fixed - messageShare);
    room = options.maxBytes - fixed - Buffer.byteLength(extra);
  }
  const body = textBytes.length <= room ? textBytes : cutWithMarker(textBytes, room);
  return Buffer.concat([Buffer.from(`${header}${own}${extra} ${BOM}`, "utf8"), body]);
}

/** `MSG-LEN SP SYSLOG-MSG` (RFC 6587 §3.4.1, RFC 5425 §4.3): the length counts bytes. */
export function octetCountedFrame(message: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${message.length} `, "ascii"), message]);
}

/** A header field: PRINTUSASCII only, at most `max` characters, `-` when empty. */
function headerField(value: string, max: number): string {
  const clean = String(value).replace(/[^\x21-\x7e]/g, "_").slice(0, max);
  return clean === "" ? "-" : clean;
}

/** An SD-NAME: printable US-ASCII without `=`, space, `]` and `"`, 1..32 characters. */
function sdName(key: string): string {
  const clean = key.replace(/[^\x21-\x7e]|[=\]"]/g, "_").slice(0, SD_NAME_MAX);
  return clean === "" ? "_" : clean;
}

/** RFC 5424 §6.3.3: `"`, `\` and `]` are escaped inside a PARAM-VALUE. */
function escapeParam(value: string): string {
  return value.replace(/["\\\]]/g, "\\$&");
}

/** `name="escaped value"` for every key of extra, in order. */
function extraParams(extra: LogRecord["extra"]): { name: string; value: string }[] {
  if (extra === undefined || extra === null) return [];
  let entries: [string, unknown][];
  try {
    entries = Object.entries(extra);
  } catch {
    return [{ name: "extra", value: safeStringify(extra) }];
  }
  return entries.map(([key, value]) => ({
    name: sdName(key),
    value: toWellFormed(typeof value === "string" ? value : safeStringify(value)),
  }));
}

/**
 * The `extra@32473` element within `budget` bytes: every parameter that fits, the first one that
 * does not with its value cut, and `cut="N"` counting those left out. "" when there are none.
 */
function extraElement(params: readonly { name: string; value: string }[], budget: number): string {
  if (params.length === 0) return "";
  const open = `[${EXTRA_SD_ID}`;
  let out = open;
  let used = Buffer.byteLength(open) + 1; // + "]"
  for (let i = 0; i < params.length; i++) {
    const { name, value } = params[i];
    const whole = ` ${name}="${escapeParam(value)}"`;
    const wholeBytes = Buffer.byteLength(whole);
    const tail = ` cut="${params.length - i}"`.length + 2 * MARKER_ROOM;
    if (used + wholeBytes + (i < params.length - 1 ? tail : 0) <= budget) {
      out += whole;
      used += wholeBytes;
      continue;
    }
    const room = budget - used - tail - Buffer.byteLength(` ${name}=""`);
    let omitted = params.length - i;
    if (room > 0) {
      out += ` ${name}="${escapeParam(cutValue(value, room))}"`;
      omitted--;
    }
    if (omitted > 0) out += ` cut="${omitted}"`;
    break;
  }
  return out === open ? "" : `${out}]`;
}

/** `value` cut so that, escaped, it takes at most `room` bytes including the marker. */
function cutValue(value: string, room: number): string {
  let bytes = Buffer.from(value, "utf8");
  let keep = room;
  for (;;) {
    const cut = cutWithMarker(bytes, keep).toString("utf8");
    const over = Buffer.byteLength(escapeParam(cut)) - room;
    if (over <= 0 || keep <= 0) return cut;
    keep -= over;
    bytes = bytes.subarray(0, Math.max(0, keep));
  }
}

/**
 * The first bytes of `text` that fit in `room` together with "…[+N bytes]", cut at a UTF-8
 * character boundary. N counts the bytes left out.
 */
function cutWithMarker(text: Buffer, room: number): Buffer {
  if (text.length <= room) return text;
  let end = Math.max(0, room - MARKER_ROOM);
  // Back up to the first byte of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && (text[end] & 0xc0) === 0x80) end--;
  return Buffer.concat([text.subarray(0, end), Buffer.from(`…[+${text.length - end} bytes]`, "utf8")]);
}

/** The message, then the exception as the text formats render it. */
function messageText(record: LogRecord): string {
  const message = toWellFormed(String(record.msg));
  if (record.exc === undefined) return message;
  return `${message}\n${toWellFormed(renderException(record.exc, "").trimEnd())}`;
}
