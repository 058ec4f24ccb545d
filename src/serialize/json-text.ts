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

/**
 * Where {@link writeSafeJson} puts the text: a string being built ({@link safeJsonText}), or a
 * file's write buffer (json-bytes.ts), so the usual `extra` is written without its string.
 */
export interface JsonOut {
  /** JSON text, written as it is. */
  raw(text: string): void;
  /** A string, written as JSON.stringify quotes it (I-JSON: a lone surrogate becomes U+FFFD). */
  quoted(text: string): void;
  /** A finite number other than 0, written as String(value) writes it. */
  number(value: number): void;
  /** Where the next piece goes, for {@link rewind}. */
  mark(): number;
  /** Forgets everything written since `mark`: a throw replaces a value's text with its marker. */
  rewind(mark: number): void;
}

/** The I-JSON text of toSafeValue(value) at the top of a walk; `ctx.path` is empty. */
export function safeJsonText(value: unknown, ctx: WalkContext): string {
  const out = new JsonTextOut();
  writeSafeJson(value, ctx, out);
  return out.text;
}

/** {@link safeJsonText} written to `out`: the same text, piece by piece. */
export function writeSafeJson(value: unknown, ctx: WalkContext, out: JsonOut): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    out.raw(stringify(topValue(walk(value, 0, ctx))));
    return;
  }
  // What walkObject does at the top (its path is empty, so no cycle check), with the plain
  // object written as text; the prototype is read once, as there (a Proxy's trap runs once).
  const mark = out.mark();
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) out.raw(stringify(topValue(walkInstance(value, proto, 0, ctx, true))));
    else {
      const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === "function") out.raw(stringify(topValue(fromToJSON(value, toJSON, 0, ctx))));
      else if (ctx.limits.maxDepth <= 0) out.raw(stringify(DEPTH));
      else writeProps(value, ctx, out);
    }
  } catch (thrown) {
    // As walkObject: whatever throws costs this object only, and the path is left clean.
    ctx.path.length = 0;
    out.rewind(mark);
    out.raw(stringify(unserializable(thrown, ctx.limits.maxStringLength)));
  }
}

/** toSafeValue's answer for the top value: undefined is written as a marker, not omitted. */
function topValue(safe: JsonValue | undefined): JsonValue {
  return safe === undefined ? "[undefined]" : safe;
}

/** A plain object at depth 0, as walkProps would copy it, written as it is read. */
function writeProps(obj: object, ctx: WalkContext, out: JsonOut): void {
  const keys = Object.keys(obj);
  const { maxKeys, maxStringLength } = ctx.limits;
  // Decided before any read: these need walkProps' renaming ("…" key, cut keys, symbol keys).
  let fits = keys.length <= maxKeys && Object.getOwnPropertySymbols(obj).length === 0;
  for (let i = 0; fits && i < keys.length; i++) fits = keys[i].length <= maxStringLength;
  if (!fits) {
    out.raw(stringify(topValue(walkObject(obj, 0, ctx, false))));
    return;
  }
  const source = obj as Record<string, unknown>;
  out.raw("{");
  let first = true;
  // The object joins the path (for the cycle check) only when a nested container is walked:
  // the usual extra holds only primitives, and the first push onto a path allocates its store.
  let onPath = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let value: unknown;
    // The text of a value that is not a leaf (or of a getter's throw); undefined: omitted.
    let text: string | undefined;
    let leaf = false;
    try {
      value = source[key];
      leaf = isLeaf(value);
    } catch (thrown) {
      text = stringify(getterThrew(thrown, maxStringLength));
    }
    if (leaf) {
      if (value === undefined) continue;
    } else if (text === undefined) {
      if (!onPath) {
        ctx.path.push(obj);
        onPath = true;
      }
      const safe = walk(value, 1, ctx);
      if (safe === undefined) continue;
      text = stringify(safe);
    }
    if (!first) out.raw(",");
    first = false;
    out.quoted(key);
    out.raw(":");
    if (leaf) writeLeaf(value as Exclude<Leaf, undefined>, maxStringLength, out);
    else out.raw(text as string);
  }
  if (onPath) ctx.path.pop();
  out.raw("}");
}

/** A property value written without a walk (undefined is omitted before it gets here). */
type Leaf = string | number | boolean | null | undefined;

function isLeaf(value: unknown): value is Leaf {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" || type === "undefined" || value === null;
}

/** A leaf property value as the walk writes it. */
function writeLeaf(value: Exclude<Leaf, undefined>, maxStringLength: number, out: JsonOut): void {
  switch (typeof value) {
    case "string":
      out.quoted(value.length <= maxStringLength ? value : truncate(value, maxStringLength));
      return;
    case "number":
      // As the walk: -0 is 0, NaN and the infinities are their names as strings.
      if (value === 0) out.raw("0");
      else if (Number.isFinite(value)) out.number(value);
      else out.quoted(String(value));
      return;
    case "boolean":
      out.raw(value ? "true" : "false");
      return;
    default:
      out.raw("null");
  }
}

/**
 * The text built as a string. Appended piece by piece: a template literal per key made several
 * short strings each (about 140 bytes of garbage a key, measured), every one copied again.
 */
export class JsonTextOut implements JsonOut {
  text = "";

  raw(text: string): void {
    this.text += text;
  }

  quoted(text: string): void {
    this.text += quote(text);
  }

  number(value: number): void {
    this.text += String(value);
  }

  mark(): number {
    return this.text.length;
  }

  rewind(mark: number): void {
    this.text = this.text.slice(0, mark);
  }
}

/** JSON.stringify(text) as I-JSON, skipping the native escaper when nothing needs escaping. */
export function quote(text: string): string {
  return JSON_ESCAPED.test(text) ? stringify(text) : `"${text}"`;
}

export function stringify(safe: JsonValue): string {
  return toIJson(JSON.stringify(safe));
}
