/**
 * The walk behind toSafeValue (safe-value.ts) and the fields of serializeError (error.ts): any
 * JavaScript value to a plain JSON-compatible tree, without ever throwing.
 *
 * Log records carry whatever the caller passed in `extra`: cycles, BigInts, class instances,
 * Proxies, getters that throw. Formatting must not lose the record over one bad property, so
 * every risky operation is guarded as close to the value as possible, and every value has
 * one documented representation (see the table on toSafeValue).
 *
 * Hot path: a primitive is handled in the first `switch` of `walk` and never reaches the
 * object machinery; a plain object's properties go through one guarded read each. No closures
 * are allocated per value, and one context object is allocated per call.
 */
import { types } from "node:util";
import { truncate } from "../core/truncate.js";
import type { SerializeLimits } from "./limits.js";
import {
  CIRCULAR,
  DEPTH,
  MORE_KEYS_KEY,
  getterThrew,
  isErrorLike,
  setOwn,
  symbolText,
  unserializable,
  type WalkContext,
} from "./internal.js";
import { isIncomingMessage, isServerResponse, serializeRequest, serializeResponse } from "./http.js";

/** What toSafeValue returns: exactly what JSON can represent. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/**
 * One value at `depth`. Returns undefined only for undefined (and a toJSON that returns
 * undefined), so each caller applies JSON's rule: omit the key, or write null in an array.
 * @internal
 */
export function walk(value: unknown, depth: number, ctx: WalkContext): JsonValue | undefined {
  switch (typeof value) {
    case "string":
      return value.length <= ctx.limits.maxStringLength ? value : truncate(value, ctx.limits.maxStringLength);
    case "number":
      if (value === 0) return 0; // -0 too
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "undefined":
      return undefined;
    case "bigint":
      return `${value}n`;
    case "symbol":
      return symbolText(value);
    case "function":
      return functionText(value, ctx);
    default:
      return value === null ? null : walkObject(value as object, depth, ctx, true);
  }
}

function functionText(fn: Function, ctx: WalkContext): string {
  try {
    const name: unknown = fn.name; // a static `name` getter may throw
    if (typeof name === "string" && name !== "") {
      return `[Function ${truncate(name, ctx.limits.maxStringLength)}]`;
    }
  } catch {
    // fall through: a function whose name cannot be read is anonymous to us
  }
  return "[Function (anonymous)]";
}

/**
 * An object at `depth`. Everything that can run user code or a Proxy trap happens inside the
 * one try here (or a narrower one below), so whatever goes wrong costs this object only.
 * `allowToJSON` is false for the result of a toJSON call (JSON calls toJSON once too).
 * @internal
 */
export function walkObject(obj: object, depth: number, ctx: WalkContext, allowToJSON: boolean): JsonValue | undefined {
  // Before anything else, toJSON included: an object on the path is a cycle, whatever it is.
  if (ctx.path.includes(obj)) return CIRCULAR;
  const pathLength = ctx.path.length;
  try {
    if (Array.isArray(obj)) {
      if (allowToJSON) {
        const toJSON: unknown = (obj as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === "function") return fromToJSON(obj, toJSON, depth, ctx);
      }
      if (depth >= ctx.limits.maxDepth) return DEPTH;
      return walkArray(obj, depth, ctx);
    }
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto === Object.prototype || proto === null) {
      if (allowToJSON) {
        const toJSON: unknown = (obj as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === "function") return fromToJSON(obj, toJSON, depth, ctx);
      }
      if (depth >= ctx.limits.maxDepth) return DEPTH;
      return walkProps(obj, depth, ctx, null);
    }
    return walkInstance(obj, proto, depth, ctx, allowToJSON);
  } catch (thrown) {
    ctx.path.length = pathLength; // a throw may have come between a push and its pop
    return unserializable(thrown, ctx.limits.maxStringLength);
  }
}

/** An object with a prototype other than Object.prototype: built-ins first, then toJSON, then its keys. @internal */
export function walkInstance(
  obj: object,
  proto: unknown,
  depth: number,
  ctx: WalkContext,
  allowToJSON: boolean,
): JsonValue | undefined {
  // Errors before toJSON: some error classes define toJSON, and the error form is richer.
  if (isErrorLike(obj)) {
    if (depth >= ctx.limits.maxDepth) return DEPTH;
    // The error form comes from the context (error.ts walks values too: no import cycle).
    return ctx.errorForm(obj, 0, depth, ctx) as unknown as JsonValue;
  }
  // Node's HTTP objects: their summary, not their sockets and parsers (20 KB of internals).
  if (isIncomingMessage(obj)) return walk(serializeRequest(obj), depth, ctx);
  if (isServerResponse(obj)) return walk(serializeResponse(obj), depth, ctx);
  // Leaves: never "[Depth]", never recursed into. Before toJSON: Buffer's toJSON dumps bytes.
  if (types.isDate(obj)) {
    const time = datePrototype.getTime.call(obj);
    return Number.isNaN(time) ? "[Invalid Date]" : datePrototype.toISOString.call(obj);
  }
  if (types.isArrayBufferView(obj)) return binaryText(obj);
  if (types.isAnyArrayBuffer(obj)) {
    const shared = types.isSharedArrayBuffer(obj);
    const bytes = Reflect.apply(shared ? sharedByteLength : arrayBufferByteLength, obj, NO_ARGS) as number;
    return `[${shared ? "SharedArrayBuffer" : "ArrayBuffer"}(${bytes})]`;
  }
  if (allowToJSON) {
    const toJSON: unknown = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return fromToJSON(obj, toJSON, depth, ctx);
  }
  if (types.isMap(obj) || types.isSet(obj)) {
    if (depth >= ctx.limits.maxDepth) return DEPTH;
    return types.isMap(obj) ? walkMap(obj as Map<unknown, unknown>, depth, ctx) : walkSet(obj as Set<unknown>, depth, ctx);
  }
  if (types.isRegExp(obj)) {
    return `/${Reflect.apply(regExpSource, obj, NO_ARGS) as string}/${Reflect.apply(regExpFlags, obj, NO_ARGS) as string}`;
  }
  if (types.isWeakMap(obj)) return "[WeakMap]";
  if (types.isWeakSet(obj)) return "[WeakSet]";
  if (types.isPromise(obj)) return "[Promise]";
  if (proto === WeakRef.prototype) return "[WeakRef]";
  if (types.isBoxedPrimitive(obj)) return walk(unbox(obj), depth, ctx);
  if (depth >= ctx.limits.maxDepth) return DEPTH;
  return walkProps(obj, depth, ctx, null);
}

/** Calls toJSON once and makes its result safe at the same depth (it stands for the object). @internal */
export function fromToJSON(obj: object, toJSON: Function, depth: number, ctx: WalkContext): JsonValue | undefined {
  const result: unknown = Reflect.apply(toJSON, obj, TO_JSON_ARGS);
  if (result === obj) return walkObject(obj, depth, ctx, false);
  if (typeof result !== "object" || result === null) return walk(result, depth, ctx);
  // The object stays on the path while its stand-in is walked: toJSON() returning
  // { self: this } is a cycle, not an endless chain of fresh stand-ins.
  ctx.path.push(obj);
  const safe = walkObject(result, depth, ctx, false);
  ctx.path.pop();
  return safe;
}

function walkArray(arr: readonly unknown[], depth: number, ctx: WalkContext): JsonValue[] {
  const length = arr.length; // a Proxy may answer anything
  const total = typeof length === "number" && length > 0 ? Math.floor(length) : 0;
  const max = ctx.limits.maxArrayLength;
  const count = total > max ? max : total;
  const out: JsonValue[] = [];
  ctx.path.push(arr);
  for (let i = 0; i < count; i++) {
    let item: unknown;
    try {
      item = arr[i]; // holes read as undefined, so sparse arrays come out as null like JSON
    } catch (thrown) {
      out.push(getterThrew(thrown, ctx.limits.maxStringLength));
      continue;
    }
    const safe = walk(item, depth + 1, ctx);
    out.push(safe === undefined ? null : safe);
  }
  ctx.path.pop();
  if (total > count) out.push(`[+${total - count} items]`);
  if (ctx.freeze) Object.freeze(out);
  return out;
}

/**
 * Own enumerable string keys, then own enumerable symbol keys, of any object, capped at
 * maxKeys; a property whose read throws becomes "[Getter threw: ...]". Past the cap a key
 * "…": "[+N keys]" counts what was left out (string keys only, once they alone fill the
 * cap). `skip` names keys the caller renders elsewhere (an Error's message, stack, cause).
 * Builds a normal object.
 * @internal
 */
export function walkProps(
  obj: object,
  depth: number,
  ctx: WalkContext,
  skip: ReadonlySet<string> | null,
): { [k: string]: JsonValue } {
  const keys = Object.keys(obj);
  const { maxKeys, maxStringLength } = ctx.limits;
  const source = obj as Record<PropertyKey, unknown>;
  const out: { [k: string]: JsonValue } = {};
  let kept = 0;
  let skipped = 0;
  ctx.path.push(obj);
  let i = 0;
  for (; i < keys.length && kept < maxKeys; i++) {
    const key = keys[i];
    if (skip !== null && skip.has(key)) {
      skipped++;
      continue;
    }
    kept++;
    const outKey = key.length <= maxStringLength ? key : truncate(key, maxStringLength);
    let item: unknown;
    try {
      item = source[key];
    } catch (thrown) {
      setOwn(out, outKey, getterThrew(thrown, maxStringLength));
      continue;
    }
    const safe = walk(item, depth + 1, ctx);
    if (safe !== undefined) setOwn(out, outKey, safe);
  }
  // Keys past the cap are only counted; skipped ones among them are still not "more keys".
  if (skip !== null) for (let j = i; j < keys.length; j++) if (skip.has(keys[j])) skipped++;
  // Symbol keys come after string keys, so once the string keys fill the cap the symbols are
  // neither listed nor counted: a 100,000-key object then costs one Object.keys, not two scans.
  const symbols = kept < maxKeys ? Object.getOwnPropertySymbols(obj) : NO_SYMBOLS;
  let symbolCount = 0;
  for (let s = 0; s < symbols.length; s++) {
    const symbol = symbols[s];
    if (!propertyIsEnumerable.call(obj, symbol)) continue;
    symbolCount++;
    if (kept >= maxKeys) continue;
    kept++;
    let item: unknown;
    try {
      item = source[symbol];
    } catch (thrown) {
      setOwn(out, symbolText(symbol), getterThrew(thrown, maxStringLength));
      continue;
    }
    const safe = walk(item, depth + 1, ctx);
    if (safe !== undefined) setOwn(out, symbolText(symbol), safe);
  }
  ctx.path.pop();
  const more = keys.length - skipped + symbolCount - kept;
  if (more > 0) setOwn(out, MORE_KEYS_KEY, `[+${more} keys]`);
  if (ctx.freeze) Object.freeze(out);
  return out;
}

/** { "[Map]": [[key, value], ...] }: keys can be objects, so entries, not an object. */
function walkMap(map: Map<unknown, unknown>, depth: number, ctx: WalkContext): JsonValue {
  const size = Reflect.apply(mapSize, map, NO_ARGS) as number;
  const count = size > ctx.limits.maxArrayLength ? ctx.limits.maxArrayLength : size;
  const entries: JsonValue[] = [];
  // The built-in iterator, not map.entries(): a subclass may override it. Stops at the cap.
  const iterator = Reflect.apply(mapEntries, map, NO_ARGS) as IterableIterator<[unknown, unknown]>;
  ctx.path.push(map);
  for (let i = 0; i < count; i++) {
    const step = iterator.next();
    if (step.done === true) break;
    const key = walk(step.value[0], depth + 1, ctx);
    const value = walk(step.value[1], depth + 1, ctx);
    const entry: JsonValue[] = [key === undefined ? null : key, value === undefined ? null : value];
    if (ctx.freeze) Object.freeze(entry);
    entries.push(entry);
  }
  ctx.path.pop();
  if (size > count) entries.push(`[+${size - count} items]`);
  return wrap("[Map]", entries, ctx);
}

/** { "[Set]": [item, ...] } */
function walkSet(set: Set<unknown>, depth: number, ctx: WalkContext): JsonValue {
  const size = Reflect.apply(setSize, set, NO_ARGS) as number;
  const count = size > ctx.limits.maxArrayLength ? ctx.limits.maxArrayLength : size;
  const items: JsonValue[] = [];
  const iterator = Reflect.apply(setValues, set, NO_ARGS) as IterableIterator<unknown>;
  ctx.path.push(set);
  for (let i = 0; i < count; i++) {
    const step = iterator.next();
    if (step.done === true) break;
    const item = walk(step.value, depth + 1, ctx);
    items.push(item === undefined ? null : item);
  }
  ctx.path.pop();
  if (size > count) items.push(`[+${size - count} items]`);
  return wrap("[Set]", items, ctx);
}

function wrap(tag: string, items: JsonValue[], ctx: WalkContext): JsonValue {
  const out: { [k: string]: JsonValue } = { [tag]: items };
  if (ctx.freeze) {
    Object.freeze(items);
    Object.freeze(out);
  }
  return out;
}

/** "[Uint8Array(12)]": the kind and the length, never the bytes. */
function binaryText(view: ArrayBufferView): string {
  if (types.isTypedArray(view)) {
    const kind = Buffer.isBuffer(view) ? "Buffer" : (Reflect.apply(typedArrayTag, view, NO_ARGS) as string);
    return `[${kind}(${Reflect.apply(typedArrayLength, view, NO_ARGS) as number})]`;
  }
  return `[DataView(${Reflect.apply(dataViewByteLength, view, NO_ARGS) as number})]`;
}

function unbox(boxed: object): unknown {
  if (types.isStringObject(boxed)) return String.prototype.valueOf.call(boxed);
  if (types.isNumberObject(boxed)) return Number.prototype.valueOf.call(boxed);
  if (types.isBooleanObject(boxed)) return Boolean.prototype.valueOf.call(boxed);
  if (types.isBigIntObject(boxed)) return BigInt.prototype.valueOf.call(boxed);
  if (types.isSymbolObject(boxed)) return Symbol.prototype.valueOf.call(boxed);
  return undefined;
}

// Built-in accessors, taken once at load: called on the value directly, they cannot be
// shadowed by an own property or a subclass, and they never run user code.
const TO_JSON_ARGS: readonly string[] = Object.freeze([""]);
const NO_ARGS: readonly never[] = Object.freeze([]);
const NO_SYMBOLS: readonly symbol[] = Object.freeze([]);
const propertyIsEnumerable = Object.prototype.propertyIsEnumerable;
const datePrototype = Date.prototype;
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const typedArrayLength = getter(typedArrayPrototype, "length");
const typedArrayTag = getter(typedArrayPrototype, Symbol.toStringTag);
const dataViewByteLength = getter(DataView.prototype, "byteLength");
const arrayBufferByteLength = getter(ArrayBuffer.prototype, "byteLength");
const sharedByteLength = getter(SharedArrayBuffer.prototype, "byteLength");
const regExpSource = getter(RegExp.prototype, "source");
const regExpFlags = getter(RegExp.prototype, "flags");
const mapSize = getter(Map.prototype, "size");
const setSize = getter(Set.prototype, "size");
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;

function getter(target: object, key: PropertyKey): () => unknown {
  return Object.getOwnPropertyDescriptor(target, key)!.get as () => unknown;
}
