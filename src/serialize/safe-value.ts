/**
 * toSafeValue: any JavaScript value to a plain JSON-compatible tree, without ever throwing.
 * The walk itself is in value-walk.ts; this is the entry point and its documented table.
 */
import type { SerializeLimits } from "./limits.js";
import { createContext, unserializable, type WalkContext } from "./internal.js";
import { serializeErrorAt } from "./error.js";
import { walk, type JsonValue } from "./value-walk.js";
import { JsonTextOut, writeSafeJson, type JsonOut } from "./json-text.js";
import { toIJson } from "./i-json.js";

export type { JsonValue } from "./value-walk.js";

/**
 * Returns `value` as plain JSON-compatible data (normal objects and arrays, finite numbers,
 * strings, booleans, null). Never throws; the input is never modified.
 *
 * | input                                   | output                                              |
 * | --------------------------------------- | --------------------------------------------------- |
 * | string, boolean, finite number, null    | itself (-0 becomes 0; long strings cut, see limits) |
 * | NaN, Infinity, -Infinity                | "NaN", "Infinity", "-Infinity"                      |
 * | 123n                                    | "123n"                                              |
 * | Symbol("x") (value or key)              | "[Symbol(x)]"                                       |
 * | function f / anonymous function         | "[Function f]" / "[Function (anonymous)]"           |
 * | undefined: property / array item / top  | omitted / null / "[undefined]"                      |
 * | Date / invalid Date                     | ISO 8601 string / "[Invalid Date]"                  |
 * | /ab+c/gi                                | "/ab+c/gi"                                          |
 * | Map                                     | { "[Map]": [[key, value], ...] }                    |
 * | Set                                     | { "[Set]": [item, ...] }                            |
 * | Buffer, typed array, ArrayBuffer, view  | "[Buffer(12)]", "[Uint8Array(12)]", "[ArrayBuffer(16)]", "[DataView(8)]" |
 * | WeakMap, WeakSet, WeakRef, Promise      | "[WeakMap]", "[WeakSet]", "[WeakRef]", "[Promise]"  |
 * | new String("a"), new Number(1), ...     | the primitive, as above                             |
 * | Error (anywhere)                        | the serializeError form { type, message, stack, ... } (frozen) |
 * | http.IncomingMessage (anywhere)         | { method, url, remoteAddress, remotePort, headers } without cookie / authorization (http.ts) |
 * | http.ServerResponse (anywhere)          | { statusCode, headers } without set-cookie (http.ts) |
 * | object with toJSON()                    | its result, made safe (toJSON is called once)       |
 * | other objects, Object.create(null)      | own enumerable string and symbol keys, made safe    |
 * | container already on the current path   | "[Circular]"                                        |
 * | container at depth >= maxDepth          | "[Depth]"                                           |
 * | more than maxKeys keys                  | first maxKeys, then key "…": "[+N keys]"            |
 * | more than maxArrayLength items          | first maxArrayLength, then item "[+N items]"        |
 * | string longer than maxStringLength      | cut, ending "…[+N chars]"                           |
 * | property whose getter throws            | "[Getter threw: message]" (the rest of the object is kept) |
 * | object that cannot be read (throwing toJSON, Proxy trap, revoked Proxy) | "[Unserializable: Name: message]" |
 *
 * Cycles are detected on the current path only: a shared object that is not its own ancestor
 * is serialised each time it appears. A key named "__proto__" stays an own key of the output.
 * Lone surrogates are kept here (log$ subscribers see the data as logged); safeStringify and
 * the NDJSON format write them as U+FFFD (toIJson).
 */
export function toSafeValue(value: unknown, limits?: SerializeLimits): JsonValue {
  let ctx: WalkContext | undefined;
  try {
    ctx = createContext(limits, false, serializeErrorAt);
    const safe = walk(value, 0, ctx);
    return safe === undefined ? "[undefined]" : safe;
  } catch (thrown) {
    // Only a stack overflow inside a user's toJSON or getter can get here.
    return unserializable(thrown, ctx === undefined ? 200 : ctx.limits.maxStringLength);
  }
}

/**
 * `toIJson(JSON.stringify(toSafeValue(value, limits)))`, the same text, written without copying
 * a plain object first (json-text.ts). Never throws.
 */
export function toSafeJson(value: unknown, limits?: SerializeLimits): string {
  const out = new JsonTextOut();
  writeToSafeJson(value, out, limits);
  return out.text;
}

/** {@link toSafeJson}'s text written to `out` (a write buffer, json-bytes.ts). Never throws. */
export function writeToSafeJson(value: unknown, out: JsonOut, limits?: SerializeLimits): void {
  const ctx = createContext(limits, false, serializeErrorAt);
  const mark = out.mark();
  try {
    writeSafeJson(value, ctx, out);
  } catch (thrown) {
    // As toSafeValue: only a stack overflow inside a user's toJSON or getter gets here.
    out.rewind(mark);
    out.raw(toIJson(JSON.stringify(unserializable(thrown, ctx.limits.maxStringLength))));
  }
}
