/**
 * serializeError: anything thrown to a SerializedError (src/record.ts), without ever throwing.
 *
 * A log call's `exc` is whatever a catch block caught: usually an Error, sometimes a string,
 * null, or an object from a library. The record must carry it as plain data made once, so the
 * cause chain, AggregateError members and extra fields (code, status, ...) are all captured
 * here, within the same limits as `extra`, and the result is frozen.
 */
import type { SerializedError } from "../core/record.js";
import { truncate } from "../core/truncate.js";
import type { SerializeLimits } from "./limits.js";
import {
  createContext,
  getterThrew,
  isErrorLike,
  unserializable,
  type WalkContext,
} from "./internal.js";
// See the note in safe-value.ts: the two files call each other, at call time only.
import { walk, walkObject, walkProps, type JsonValue } from "./value-walk.js";

/** A non-Error object's `message` is its JSON text, cut to this many characters (it is in `fields` in full). */
export const PREVIEW_LENGTH = 200;

/**
 * Turns `err` into a frozen SerializedError. Never throws.
 *
 * Errors (any realm, any subclass, DOMException):
 * - `type`: the constructor's name; when that is plain `Error` (or unreadable), `err.name`.
 * - `message`: err.message ("" when absent; "[Getter threw: ...]" when its getter throws).
 * - `stack`: err.stack when it is a string (omitted otherwise).
 * - `fields`: the other own enumerable properties (code, status, errno, ...), made safe by
 *   toSafeValue's rules; omitted when there are none. `fields.name` holds err.name (own or
 *   inherited) when it differs from `type` and is not the default "Error", e.g. a
 *   DOMException's "AbortError".
 * - `cause`: err.cause when the error has one, serialised the same way (Errors or not).
 * - `errors`: an AggregateError's members, each serialised the same way (cut at
 *   maxArrayLength with a `{type:"[Truncated]", message:"[+N errors]"}` last member).
 * - a cause (or member) that is already on the path: `{type:"[Circular]", message:"[Circular]"}`.
 * - the link at depth maxCauseDepth: `{type:"[Depth]", message:"cause chain cut at depth 10"}`
 *   (the error given is link 0, so the default keeps 10 errors of a longer chain).
 * - a message, stack or field whose getter throws: "[Getter threw: msg]" in its place; a
 *   cause or `errors` getter that throws: `{type:"[Unserializable]", message:"[Getter threw: msg]"}`;
 *   an error that cannot be read at all (a Proxy whose ownKeys trap throws):
 *   `{type:"[Unserializable]", message:"[Unserializable: Error: msg]"}`.
 *
 * Anything else thrown:
 * | thrown       | result                                                    |
 * | ------------ | --------------------------------------------------------- |
 * | null         | {type:"null", message:"null"}                             |
 * | undefined    | {type:"undefined", message:"undefined"}                   |
 * | "str"        | {type:"string", message:"str"}                            |
 * | 42, true, 1n | {type:"number", message:"42"}, {type:"boolean", message:"true"}, {type:"bigint", message:"1n"} |
 * | Symbol("s")  | {type:"symbol", message:"[Symbol(s)]"}                    |
 * | function f   | {type:"function", message:"[Function f]"}                 |
 * | {code:1}     | {type:"object", message:'{"code":1}', fields:{code:1}}    |
 *
 * An object's message is its safe JSON text cut at PREVIEW_LENGTH; `fields` holds its safe
 * value when that is a JSON object (not for arrays or objects that serialise to a string).
 */
export function serializeError(err: unknown, limits?: SerializeLimits): SerializedError {
  let ctx: WalkContext | undefined;
  try {
    ctx = createContext(limits, true, serializeErrorAt);
    return serializeThrowable(err, 0, 0, ctx);
  } catch (thrown) {
    // Only a stack overflow inside a user's getter or toJSON can get here.
    return Object.freeze({
      type: "[Unserializable]",
      message: unserializable(thrown, ctx === undefined ? PREVIEW_LENGTH : ctx.limits.maxStringLength),
    });
  }
}

function serializeThrowable(value: unknown, causeDepth: number, depth: number, ctx: WalkContext): SerializedError {
  if (typeof value === "object" && value !== null && isErrorLike(value)) {
    return serializeErrorAt(value, causeDepth, depth, ctx);
  }
  return serializeNonError(value, depth, ctx);
}

type Building = {
  type: string;
  message: string;
  stack?: string;
  fields?: Readonly<Record<string, unknown>>;
  cause?: SerializedError;
  errors?: readonly SerializedError[];
};

/**
 * An object known to be an Error, `causeDepth` links down a chain, inside a value at `depth`
 * (its fields sit at depth + 1; causes share the depth of the error they hang from).
 * @internal used by safe-value.ts for Errors found inside values.
 */
export function serializeErrorAt(err: object, causeDepth: number, depth: number, ctx: WalkContext): SerializedError {
  const freeze = ctx.freeze;
  const pathLength = ctx.path.length;
  ctx.freeze = true;
  try {
    const max = ctx.limits.maxStringLength;
    const source = err as Record<string, unknown>;
    const name = readName(source);
    const type = truncate(errorType(err, name), max);
    const message = readMessage(source, depth, ctx);
    const stack = readStack(source, max);

    // An AggregateError's `errors` array becomes `errors`; anything else there stays a field.
    let members: unknown[] | undefined;
    let membersThrew: SerializedError | undefined;
    if (isAggregate(err, type, name)) {
      try {
        const raw = source.errors;
        if (Array.isArray(raw)) members = raw;
      } catch (thrown) {
        membersThrew = Object.freeze({ type: "[Unserializable]", message: getterThrew(thrown, max) });
      }
    }

    const rendersErrors = members !== undefined || membersThrew !== undefined;
    let fields: Readonly<Record<string, unknown>> = walkProps(err, depth, ctx, rendersErrors ? SKIP_WITH_ERRORS : SKIP);
    // A name that says more than `type` is kept (DOMException's "AbortError", a subclass of a
    // class that set its own name); the inherited default "Error" says nothing.
    if (name !== undefined && name !== type && name !== "Error") fields = Object.freeze({ name: truncate(name, max), ...fields });

    ctx.path.push(err);
    let cause: SerializedError | undefined;
    if (Object.hasOwn(err, "cause")) {
      let raw: unknown;
      try {
        raw = source.cause;
      } catch (thrown) {
        cause = Object.freeze({ type: "[Unserializable]", message: getterThrew(thrown, max) });
      }
      if (cause === undefined) cause = link(raw, causeDepth + 1, depth, ctx);
    }
    const errors =
      membersThrew !== undefined
        ? Object.freeze([membersThrew])
        : members === undefined
          ? undefined
          : serializeMembers(members, causeDepth + 1, depth, ctx);
    ctx.path.pop();

    const out: Building = { type, message };
    if (stack !== undefined) out.stack = stack;
    if (hasKeys(fields)) out.fields = fields;
    if (cause !== undefined) out.cause = cause;
    if (errors !== undefined) out.errors = errors;
    return Object.freeze(out);
  } catch (thrown) {
    ctx.path.length = pathLength;
    return Object.freeze({ type: "[Unserializable]", message: unserializable(thrown, ctx.limits.maxStringLength) });
  } finally {
    ctx.freeze = freeze;
  }
}

/** Keys an Error's `fields` leave out because they are rendered elsewhere (`name`: see above). */
const SKIP: ReadonlySet<string> = new Set(["name", "message", "stack", "cause"]);
const SKIP_WITH_ERRORS: ReadonlySet<string> = new Set(["name", "message", "stack", "cause", "errors"]);

const CIRCULAR_ERROR: SerializedError = Object.freeze({ type: "[Circular]", message: "[Circular]" });
const NULL_ERROR: SerializedError = Object.freeze({ type: "null", message: "null" });
const UNDEFINED_ERROR: SerializedError = Object.freeze({ type: "undefined", message: "undefined" });

/** One link of a cause chain (or one AggregateError member): cycle and depth checks first. */
function link(value: unknown, causeDepth: number, depth: number, ctx: WalkContext): SerializedError {
  if (((typeof value === "object" && value !== null) || typeof value === "function") && ctx.path.includes(value)) {
    return CIRCULAR_ERROR;
  }
  if (causeDepth >= ctx.limits.maxCauseDepth) {
    return Object.freeze({ type: "[Depth]", message: `cause chain cut at depth ${ctx.limits.maxCauseDepth}` });
  }
  return serializeThrowable(value, causeDepth, depth, ctx);
}

function serializeMembers(members: unknown[], causeDepth: number, depth: number, ctx: WalkContext): readonly SerializedError[] {
  const length: unknown = members.length;
  const total = typeof length === "number" && length > 0 ? Math.floor(length) : 0;
  const count = total > ctx.limits.maxArrayLength ? ctx.limits.maxArrayLength : total;
  const out: SerializedError[] = [];
  for (let i = 0; i < count; i++) {
    let member: unknown;
    try {
      member = members[i];
    } catch (thrown) {
      out.push(Object.freeze({ type: "[Unserializable]", message: getterThrew(thrown, ctx.limits.maxStringLength) }));
      continue;
    }
    out.push(link(member, causeDepth, depth, ctx));
  }
  if (total > count) out.push(Object.freeze({ type: "[Truncated]", message: `[+${total - count} errors]` }));
  return Object.freeze(out);
}

function serializeNonError(value: unknown, depth: number, ctx: WalkContext): SerializedError {
  switch (typeof value) {
    case "undefined":
      return UNDEFINED_ERROR;
    case "string":
      return Object.freeze({ type: "string", message: truncate(value, ctx.limits.maxStringLength) });
    case "object": {
      if (value === null) return NULL_ERROR;
      const safe = walkObject(value, depth, ctx, true);
      const out: Building = { type: "object", message: textOf(safe) };
      if (safe !== null && typeof safe === "object" && !Array.isArray(safe)) out.fields = safe;
      return Object.freeze(out);
    }
    default: {
      // number, boolean, bigint, symbol, function: their safe value is already a short text
      const safe = walk(value, depth, ctx);
      return Object.freeze({ type: typeof value, message: typeof safe === "string" ? safe : String(safe) });
    }
  }
}

/** A safe value as one line of text: strings as they are, anything else as JSON cut to PREVIEW_LENGTH. */
function textOf(safe: JsonValue | undefined): string {
  if (safe === undefined) return "undefined";
  if (typeof safe === "string") return safe;
  return truncate(JSON.stringify(safe), PREVIEW_LENGTH);
}

function readName(source: Record<string, unknown>): string | undefined {
  try {
    const name = source.name;
    return typeof name === "string" && name !== "" ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The constructor's name (MyError, TypeError, FlowlogError...), unless that is plain `Error`
 * or unreadable: then `err.name` (so `e.name = "AbortError"` on a plain Error still shows).
 */
function errorType(err: object, name: string | undefined): string {
  let constructorName: string | undefined;
  try {
    const proto: unknown = Object.getPrototypeOf(err);
    const ctor: unknown = proto === null ? undefined : (proto as { constructor?: unknown }).constructor;
    const ctorName: unknown = typeof ctor === "function" ? ctor.name : undefined;
    if (typeof ctorName === "string" && ctorName !== "") constructorName = ctorName;
  } catch {
    // unreadable constructor: fall back to the name
  }
  if (constructorName !== undefined && constructorName !== "Error") return constructorName;
  return name ?? constructorName ?? "Error";
}

function readMessage(source: Record<string, unknown>, depth: number, ctx: WalkContext): string {
  let raw: unknown;
  try {
    raw = source.message;
  } catch (thrown) {
    return getterThrew(thrown, ctx.limits.maxStringLength);
  }
  if (typeof raw === "string") return truncate(raw, ctx.limits.maxStringLength);
  if (raw === undefined) return "";
  return textOf(walk(raw, depth + 1, ctx));
}

function readStack(source: Record<string, unknown>, max: number): string | undefined {
  try {
    const stack = source.stack;
    return typeof stack === "string" ? truncate(stack, max) : undefined;
  } catch (thrown) {
    return getterThrew(thrown, max);
  }
}

function isAggregate(err: object, type: string, name: string | undefined): boolean {
  if (type === "AggregateError" || name === "AggregateError") return true;
  try {
    return err instanceof AggregateError;
  } catch {
    return false;
  }
}

function hasKeys(obj: object): boolean {
  return Object.keys(obj).length !== 0;
}
