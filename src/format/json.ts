/**
 * The `file_json` format: NDJSON, one record a line, for Grafana Loki / Promtail and `jq`.
 *
 * ```
 * {"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"myapp","msg":"Database query timed out","extra":{"timeout_ms":5000}}
 * ```
 *
 * Keys come in a fixed order (time, level, levelno, logger, msg, extra, exc, then trace_id and
 * span_id when an OpenTelemetry span was active at the call) so lines diff and
 * grep well. The line is built by concatenation rather than one JSON.stringify of an object:
 * that skips allocating the object and lets `extra` go through safeStringify, which never
 * throws. Strings are quoted as JSON.stringify quotes them, which escapes every control
 * character, so a record is always exactly one physical line of valid UTF-8; a lone surrogate
 * becomes U+FFFD rather than the escape `\ud800` (toIJson), so every line is I-JSON (RFC 7493)
 * and reads in jq 1.6.
 */
import type { LogRecord } from "../core/record.js";
import { toIJson } from "../serialize/index.js";
import { extraJson } from "./extra-json.js";
import { LEVEL_NAMES } from "../core/levels.js";
import { FormatCache } from "./format-cache.js";
import { isoTimeCached } from "./time.js";

/** `"ERROR"` and the rest, quoted once. */
const LEVEL_JSON: ReadonlyMap<string, string> = new Map<string, string>(LEVEL_NAMES.map((name) => [name, JSON.stringify(name)]));

/** What JSON.stringify escapes in a string (surrogate pairs included, to keep the test simple). */
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** One record as an NDJSON line ending in "\n". */
export function formatJson(record: LogRecord): string {
  return formatJsonCached(record, new FormatCache());
}

/** {@link formatJson} as a sink runs it: the same line, reusing what `cache` kept from the records before. */
export function formatJsonCached(record: LogRecord, cache: FormatCache): string {
  let line = `{"time":"${isoTimeCached(record.time, cache)}${cache.headTailOf("json", record, jsonHeadTail)}`;
  if (record.extra !== undefined) line += `,"extra":${extraJson(record, cache)}`;
  // record.exc is plain data made by serializeError (capped, cycle-free): stringified as it is.
  if (record.exc !== undefined) line += `,"exc":${toIJson(JSON.stringify(record.exc))}`;
  if (record.trace_id !== undefined) line += `,"trace_id":${quoteJson(String(record.trace_id))},"span_id":${quoteJson(String(record.span_id))}`;
  return `${line}}\n`;
}

/**
 * The part of the line after the time's digits that the level, logger and message make, from
 * the closing quote of the time to the message: kept in the sink's FormatCache while they repeat.
 */
export function jsonHeadTail(record: LogRecord): string {
  const level = LEVEL_JSON.get(record.level) ?? quoteJson(String(record.level));
  return `","level":${level},"levelno":${record.levelno},"logger":${quoteJson(String(record.logger))},"msg":${quoteJson(String(record.msg))}`;
}

/**
 * `JSON.stringify(text)` made I-JSON, skipping the native escaper for the common string that needs no
 * escape: a regex test plus two quotes costs about half as much.
 */
function quoteJson(text: string): string {
  return JSON_ESCAPED.test(text) ? toIJson(JSON.stringify(text)) : `"${text}"`;
}
