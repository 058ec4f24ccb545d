/**
 * OpenTelemetry log records for the OpenTelemetry sink: a pure function from a flowlog record to
 * the fields of an `@opentelemetry/api-logs` LogRecord (typed structurally here, so flowlog's
 * own types do not need the optional package).
 *
 * - `severityNumber` from {@link OTEL_SEVERITY} (the level table of the README: a larger number
 *   is more severe, 17 and above reads as an error, so DEPLOY is INFO4, 12); `severityText` is
 *   the flowlog level name as it is (`AUDIT`, `DEPLOY`).
 * - `body` is the message; `timestamp` the record's time (epoch ms).
 * - attributes: `logger.name`, `flowlog.level`, each key of `extra` flattened with dots
 *   (`{user: {id: 7}}` becomes `user.id = 7`; arrays of scalars stay arrays, other arrays become
 *   JSON), and the exception per the semantic conventions: `exception.type`,
 *   `exception.message`, `exception.stacktrace` (the stack, then each cause's, as the text formats
 *   show them).
 * - A value goes through the safe serialiser first (cycles, BigInt, getters, depth and size caps),
 *   so this never throws.
 */
import { Level } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { safeStringify, toSafeValue, type JsonValue } from "../serialize/index.js";
import { renderException } from "./exception.js";

/** An attribute value as OTLP carries it. */
export type OtelAttributeValue = string | number | boolean | ReadonlyArray<string | number | boolean | null>;

/** The fields of an api-logs LogRecord that flowlog sets (`context` is added where the API is loaded). */
export interface OtelLogFields {
  readonly timestamp: number;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: string;
  readonly attributes: Record<string, OtelAttributeValue>;
}

/** flowlog level → OTel severityNumber. Not monotonic in the flowlog number: DEPLOY stays below 17. */
export const OTEL_SEVERITY: Readonly<Record<number, number>> = Object.freeze({
  [Level.DEBUG]: 5, // DEBUG
  [Level.INFO]: 9, // INFO
  [Level.AUDIT]: 10, // INFO2
  [Level.WEBHOOK]: 11, // INFO3
  [Level.DEPLOY]: 12, // INFO4: a deploy marker is significant, never an error
  [Level.WARNING]: 13, // WARN
  [Level.SECURITY]: 14, // WARN2
  [Level.ERROR]: 17, // ERROR
  [Level.CRITICAL]: 18, // ERROR2, as the OTel data model's own Critical example
});

/** Flattened keys past this are cut (one `flowlog.attributes_cut` says how many). */
export const MAX_EXTRA_ATTRIBUTES = 128;

/** The severity of a level number that is not one of the nine (a custom number): the nearest one below. */
export function otelSeverity(levelno: number): number {
  const exact = OTEL_SEVERITY[levelno];
  if (exact !== undefined) return exact;
  if (levelno < Level.DEBUG) return OTEL_SEVERITY[Level.DEBUG]!;
  let best: number = Level.DEBUG;
  for (const known of Object.keys(OTEL_SEVERITY).map(Number)) if (known <= levelno && known > best) best = known;
  return OTEL_SEVERITY[best]!;
}

/** One record as api-logs LogRecord fields. */
export function otelLogFields(record: LogRecord): OtelLogFields {
  const attributes: Record<string, OtelAttributeValue> = {};
  if (record.extra !== undefined) flattenExtra(record.extra, attributes);
  attributes["logger.name"] = String(record.logger);
  attributes["flowlog.level"] = String(record.level);
  if (record.exc !== undefined) {
    attributes["exception.type"] = record.exc.type;
    attributes["exception.message"] = record.exc.message;
    attributes["exception.stacktrace"] = renderException(record.exc, "").trimEnd();
  }
  return {
    timestamp: record.time,
    severityNumber: otelSeverity(record.levelno),
    severityText: String(record.level),
    body: String(record.msg),
    attributes,
  };
}

/** `extra` as dotted attribute keys, at most {@link MAX_EXTRA_ATTRIBUTES}. */
function flattenExtra(extra: Readonly<Record<string, unknown>>, into: Record<string, OtelAttributeValue>): void {
  const safe = toSafeValue(extra);
  if (!isObject(safe)) return;
  let count = 0;
  let cut = 0;
  const visit = (value: JsonValue, key: string): void => {
    if (isObject(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) add(key, "{}");
      for (const [child, inner] of entries) visit(inner, key === "" ? child : `${key}.${child}`);
      return;
    }
    if (Array.isArray(value)) {
      add(key, value.every(isScalar) ? (value as ReadonlyArray<string | number | boolean | null>) : safeStringify(value));
      return;
    }
    if (value === null) add(key, "null");
    else add(key, value);
  };
  const add = (key: string, value: OtelAttributeValue): void => {
    if (count >= MAX_EXTRA_ATTRIBUTES) {
      cut += 1;
      return;
    }
    count += 1;
    into[key] = value;
  };
  visit(safe, "");
  if (cut > 0) into["flowlog.attributes_cut"] = cut;
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: JsonValue): boolean {
  return value === null || typeof value !== "object";
}
