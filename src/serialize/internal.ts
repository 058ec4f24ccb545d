/**
 * Shared plumbing of the value walker (value-walk.ts) and the error serialiser (error.ts):
 * the per-call context, the marker texts, and the few helpers both need. Not exported from
 * the package: the public surface is index.ts.
 */
import { types } from "node:util";
import type { SerializedError } from "../core/record.js";
import { truncate } from "../core/truncate.js";
import { resolveLimits, type SerializeLimits } from "./limits.js";

/** Marker for a container already being serialised on the current path. */
export const CIRCULAR = "[Circular]";
/** Marker for a container at or past `maxDepth`. */
export const DEPTH = "[Depth]";
/** Key added to an object whose keys were cut at `maxKeys`; its value is "[+N keys]". */
export const MORE_KEYS_KEY = "…";

/**
 * State of one toSafeValue / serializeError / safeStringify call. One small object per call
 * (not per value), so re-entrant use from a user's toJSON cannot mix two calls' paths.
 */
export interface WalkContext {
  readonly limits: SerializeLimits;
  /**
   * The containers being serialised, outermost first. A value found here is a cycle; a value
   * seen twice but not on the path is only shared, and is serialised again. The path is at
   * most about maxDepth long, so a linear scan beats a Set.
   */
  readonly path: object[];
  /** True inside a SerializedError: everything built there is frozen as it is made. */
  freeze: boolean;
  /**
   * How an Error found inside a value is serialised (error.ts's serializeErrorAt). Passed in, so
   * the value walk and the error form can call each other without importing each other.
   */
  readonly errorForm: ErrorForm;
}

/** Serialises an error-like object found at `depth` (see serializeErrorAt). */
export type ErrorForm = (err: object, causeDepth: number, depth: number, ctx: WalkContext) => SerializedError;

export function createContext(limits: SerializeLimits | undefined, freeze: boolean, errorForm: ErrorForm): WalkContext {
  return { limits: resolveLimits(limits), path: [], freeze, errorForm };
}

/** "[Symbol(desc)]": how a symbol appears, as a value and as a key. */
export function symbolText(symbol: symbol): string {
  return `[Symbol(${symbol.description ?? ""})]`;
}

/**
 * Object.prototype's own keys ("__proto__", "toString", ...). Writing one of them with `=`
 * would hit the inherited setter (prototype pollution) or, with frozen intrinsics, throw;
 * these are defined as own data properties instead. Every other key takes the fast `=`.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(
  Reflect.ownKeys(Object.prototype).filter((key): key is string => typeof key === "string"),
);

/** Sets `key` as an own, enumerable data property of a plain object we built. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (PROTOTYPE_KEYS.has(key)) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Whether `value` is an Error: native (any realm) or anything with Error.prototype in its chain. */
export function isErrorLike(value: object): boolean {
  // isNativeError reads an internal slot (no traps, works across realms); instanceof covers
  // Object.create(Error.prototype) and DOMException. Both are guarded: a Proxy's
  // getPrototypeOf trap may throw, which only means "not something we can treat as an Error".
  try {
    return types.isNativeError(value) || value instanceof Error;
  } catch {
    return false;
  }
}

/** "[Unserializable: TypeError: msg]": what replaces an object that cannot be read at all. */
export function unserializable(thrown: unknown, max: number): string {
  const { name, message } = nameAndMessage(thrown, max);
  return `[Unserializable: ${name === "" ? message : message === "" ? name : `${name}: ${message}`}]`;
}

/** "[Getter threw: msg]": what replaces one property whose read threw. */
export function getterThrew(thrown: unknown, max: number): string {
  const { name, message } = nameAndMessage(thrown, max);
  return `[Getter threw: ${message === "" ? name : message}]`;
}

/**
 * The name and message of something thrown while serialising, read without letting a second
 * throw escape (the thrown value may itself have throwing getters or be a Proxy). Non-Error
 * values get an empty name and a short text; no user toString is called.
 *
 * Not core's `describeThrown` on purpose: this names a value inside a record field (the
 * placeholders above), cut to the record's limits, recognising Errors by their native brand and
 * with no `thrown ...` wording; core's describes a failure in one line for warnings and the
 * report. Their outputs differ by design, and record fields are asserted byte for byte.
 */
function nameAndMessage(thrown: unknown, max: number): { name: string; message: string } {
  try {
    switch (typeof thrown) {
      case "string":
        return { name: "", message: truncate(thrown, max) };
      case "symbol":
        return { name: "", message: symbolText(thrown) };
      case "bigint":
        return { name: "", message: `${thrown}n` };
      case "object":
      case "function":
        if (thrown !== null && isErrorLike(thrown)) {
          const name = readString(thrown, "name") ?? "Error";
          return { name: truncate(name, max), message: truncate(readString(thrown, "message") ?? "", max) };
        }
        return { name: "", message: thrown === null ? "null" : `[${typeof thrown === "function" ? "function" : "object"}]` };
      default:
        return { name: "", message: String(thrown) };
    }
  } catch {
    return { name: "", message: "[unknown]" };
  }
}

function readString(target: object, key: string): string | undefined {
  try {
    const value: unknown = (target as Record<string, unknown>)[key];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
