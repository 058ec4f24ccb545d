/**
 * safeStringify: JSON text for any value, without ever throwing. This is what formats use to
 * render a record's `extra`, so it runs once per record that has one.
 */
import type { SerializeLimits } from "./limits.js";
import { resolveLimits } from "./limits.js";
import { unserializable } from "./internal.js";
import { writeToSafeJson } from "./safe-value.js";
import { JsonTextOut, type JsonOut } from "./json-text.js";
import { toIJson } from "./i-json.js";

/**
 * `JSON.stringify(toSafeValue(value, limits))`: same representation (see toSafeValue), always
 * a string, always valid I-JSON (JSON.parse accepts it; a lone surrogate is written U+FFFD, see
 * toIJson). Never throws.
 *
 * Fast path: null, booleans, finite numbers and strings within maxStringLength are written
 * directly, with no tree built. Objects are not stringified directly even when they look
 * plain: checking "only primitives" means reading every property, and JSON.stringify would
 * then read them again, running getters twice and racing a getter that changes its answer
 * (a BigInt on the second read throws). Instead the walk itself is the fast path: a plain
 * object's properties are read once each and written as text as they are read (toSafeJson),
 * nested containers through the walk.
 */
export function safeStringify(value: unknown, limits?: SerializeLimits): string {
  const text = primitiveJson(value, limits);
  if (text !== undefined) return text;
  const out = new JsonTextOut();
  writeWalked(value, out, limits);
  return out.text;
}

/**
 * safeStringify's text written to `out` (json-bytes.ts's JsonBytesOut writes it into a file's
 * buffer, without the string): the same text, piece by piece. Never throws.
 */
export function writeSafeStringify(value: unknown, out: JsonOut, limits?: SerializeLimits): void {
  const text = primitiveJson(value, limits);
  if (text === undefined) writeWalked(value, out, limits);
  else out.raw(text);
}

/** The fast path: the text of null, a boolean, a finite number or a string within the limit; else undefined. */
function primitiveJson(value: unknown, limits: SerializeLimits | undefined): string | undefined {
  switch (typeof value) {
    case "string":
      return value.length <= resolveLimits(limits).maxStringLength ? toIJson(JSON.stringify(value)) : undefined;
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : undefined; // -0 is written "0"
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return value === null ? "null" : undefined;
    default:
      return undefined;
  }
}

function writeWalked(value: unknown, out: JsonOut, limits: SerializeLimits | undefined): void {
  const mark = out.mark();
  try {
    writeToSafeJson(value, out, limits);
  } catch (thrown) {
    // toSafeValue's output is plain data, so this needs a stack overflow in our own frames.
    out.rewind(mark);
    out.raw(toIJson(JSON.stringify(unserializable(thrown, 200))));
  }
}
