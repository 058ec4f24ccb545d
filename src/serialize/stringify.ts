/**
 * safeStringify: JSON text for any value, without ever throwing. This is what formats use to
 * render a record's `extra`, so it runs once per record that has one.
 */
import type { SerializeLimits } from "./limits.js";
import { resolveLimits } from "./limits.js";
import { unserializable } from "./internal.js";
import { toSafeJson } from "./safe-value.js";
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
  switch (typeof value) {
    case "string":
      if (value.length <= resolveLimits(limits).maxStringLength) return toIJson(JSON.stringify(value));
      break;
    case "number":
      if (Number.isFinite(value)) return JSON.stringify(value); // -0 is written "0"
      break;
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      break;
  }
  try {
    return toSafeJson(value, limits);
  } catch (thrown) {
    // toSafeValue's output is plain data, so this needs a stack overflow in our own frames.
    return toIJson(JSON.stringify(unserializable(thrown, 200)));
  }
}
