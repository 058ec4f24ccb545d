/**
 * `toIJson(JSON.stringify(toSafeValue(value)))` written straight as text for the usual `extra`:
 * a plain object whose own keys fit the limits. Its properties are read once each, in the same
 * order as the walk reads them, and written as they are read, instead of being copied into a
 * new object that JSON.stringify then reads again (the copy cost more than the stringify: about
 * 2.5x JSON.stringify alone for a 4-key object). Nested containers still go through the walk.
 * Only pieces JSON.stringify wrote are scanned for lone surrogates (toIJson), not the whole text.
 *
 * Same text, byte for byte, as the tree path (a property test holds it to that). Anything the
 * text path would have to rename or merge (a key cut at maxStringLength, symbol keys, more keys
 * than maxKeys) is decided before any property is read and takes the tree path, so no getter
 * runs twice.
 */
import { truncate } from "../core/truncate.js";
import { DEPTH, getterThrew, unserializable, type WalkContext } from "./internal.js";
import { toIJson } from "./i-json.js";
import { fromToJSON, walk, walkInstance, walkObject, type JsonValue } from "./value-walk.js";

/** What JSON.stringify escapes in a string (surrogates included, to keep the test simple). */
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The I-JSON text of toSafeValue(value) at the top of a walk; `ctx.path` is empty. */
export function safeJsonText(value: unknown, ctx: WalkContext): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return stringify(topValue(walk(value, 0, ctx)));
  // What walkObject does at the top (its path is empty, so no cycle check), with the plain
  // object written as text; the prototype is read once, as there (a Proxy's trap runs once).
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return stringify(topValue(walkInstance(value, proto, 0, ctx, true)));
    const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return stringify(topValue(fromToJSON(value, toJSON, 0, ctx)));
    if (ctx.limits.maxDepth <= 0) return stringify(DEPTH);
    return propsText(value, ctx);
  } catch (thrown) {
    // As walkObject: whatever throws costs this object only, and the path is left clean.
    ctx.path.length = 0;
    return stringify(unserializable(thrown, ctx.limits.maxStringLength));
  }
}

/** toSafeValue's answer for the top value: undefined is written as a marker, not omitted. */
function topValue(safe: JsonValue | undefined): JsonValue {
  return safe === undefined ? "[undefined]" : safe;
}

/** A plain object at depth 0, as walkProps would copy it, written as text. */
function propsText(obj: object, ctx: WalkContext): string {
  const keys = Object.keys(obj);
  const { maxKeys, maxStringLength } = ctx.limits;
  // Decided before any read: these need walkProps' renaming ("…" key, cut keys, symbol keys).
  let fits = keys.length <= maxKeys && Object.getOwnPropertySymbols(obj).length === 0;
  for (let i = 0; fits && i < keys.length; i++) fits = keys[i].length <= maxStringLength;
  if (!fits) return stringify(topValue(walkObject(obj, 0, ctx, false)));
  const source = obj as Record<string, unknown>;
  let text = "{";
  ctx.path.push(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let value: unknown;
    try {
      value = source[key];
    } catch (thrown) {
      text += `${text.length === 1 ? "" : ","}${quote(key)}:${stringify(getterThrew(thrown, maxStringLength))}`;
      continue;
    }
    const item = valueText(value, ctx);
    if (item !== undefined) text += `${text.length === 1 ? "" : ","}${quote(key)}:${item}`;
  }
  ctx.path.pop();
  return `${text}}`;
}

/** A property value at depth 1 as text, or undefined when the property is omitted. */
function valueText(value: unknown, ctx: WalkContext): string | undefined {
  switch (typeof value) {
    case "string":
      return quote(value.length <= ctx.limits.maxStringLength ? value : truncate(value, ctx.limits.maxStringLength));
    case "number":
      // As the walk: -0 is 0, NaN and the infinities are their names as strings.
      if (value === 0) return "0";
      return Number.isFinite(value) ? String(value) : `"${String(value)}"`;
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return undefined;
    default: {
      const safe = walk(value, 1, ctx);
      return safe === undefined ? undefined : stringify(safe);
    }
  }
}

/** JSON.stringify(text) as I-JSON, skipping the native escaper when nothing needs escaping. */
function quote(text: string): string {
  return JSON_ESCAPED.test(text) ? stringify(text) : `"${text}"`;
}

function stringify(safe: JsonValue): string {
  return toIJson(JSON.stringify(safe));
}
