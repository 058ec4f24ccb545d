import { asFailureCode } from "./failure.js";

/**
 * Describing a thrown or rejected value in one line: the one implementation every layer uses
 * (warnings, the report's lastError, failed delivery events), so a fix here reaches them all.
 * Scrubbing secrets is not done here: it belongs where the secrets are known, and
 * `io/scrub.ts` (`SecretScrubber.scrubError`) is this function with `details`, then scrubbed.
 *
 * Serialising an Error into a record field (`serialize/error.ts`, and the `[Unserializable: ...]`
 * placeholders of `serialize/internal.ts`) is a different job: it keeps the error's parts as
 * data within the record's size limits, without the `thrown` wording of a failure line.
 */

export interface DescribeThrownOptions {
  /**
   * Describe a failure a library reported (undici, nodemailer, a socket): `(code X)` after the
   * message unless the message names the code already, then up to {@link MAX_CAUSES}
   * `; cause: ...` links; a rejected string is the library's own message and is shown as is; the
   * value is read property by property (a getter that throws costs only its part) and a value
   * that is not error-like is named by its constructor, without calling its `toString`.
   *
   * Without it, the short form of warnings and of user code's failures: `Name: message`, or
   * `thrown <type>: <value>`, and a value that cannot be read whole is "thrown value that
   * cannot be described".
   */
  readonly details?: boolean;
}

/** How many `cause` links the detailed form follows. */
export const MAX_CAUSES = 3;

const UNDESCRIBABLE = "thrown value that cannot be described";

/**
 * A thrown or rejected value as one line: `${name}: ${message}` for anything error-like (an
 * object with a string `message`; the name defaults to `Error`), `thrown <type>: <value>` for
 * anything else, `thrown null`/`thrown undefined`. Never throws, even for a value whose getters
 * or `toString` throw, or a Proxy. See {@link DescribeThrownOptions.details} for the detailed form.
 *
 * @example
 * describeThrown(new TypeError("boom"));                               // "TypeError: boom"
 * describeThrown("boom");                                              // "thrown string: boom"
 * describeThrown(Object.assign(new Error("no"), { code: "EAUTH" }), { details: true });
 * // "Error: no (code EAUTH)"
 */
export function describeThrown(err: unknown, options: DescribeThrownOptions = {}): string {
  try {
    return options.details === true ? detailed(err, 0) : brief(err);
  } catch {
    // A getter that throws, or an object whose toString throws.
    return UNDESCRIBABLE;
  }
}

/**
 * The `code` a thrown value carries (`ECONNREFUSED`, `EAUTH`, `EACCES`, `UND_ERR_SOCKET`), when
 * it is a short identifier ({@link asFailureCode}); undefined otherwise. Never throws.
 */
export function thrownCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null ? asFailureCode(readSafely(err, "code")) : undefined;
}

/** Reads everything in one go: any throw makes the whole value undescribable. */
function brief(err: unknown): string {
  if (typeof err === "object" && err !== null) {
    const line = errorLine((err as Error).name, (err as Error).message);
    if (line !== undefined) return line;
  }
  return valueLine(err);
}

/** Reads part by part; adds the code and the causes. */
function detailed(err: unknown, depth: number): string {
  if (typeof err === "string") return err;
  if (err === null || (typeof err !== "object" && typeof err !== "function")) return valueLine(err);
  let text = errorLine(readSafely(err, "name"), readSafely(err, "message")) ?? `thrown ${constructorTag(err)}`;
  const code = readSafely(err, "code");
  if ((typeof code === "string" && code !== "") || typeof code === "number") {
    if (!text.includes(String(code))) text += ` (code ${String(code)})`;
  }
  const cause = readSafely(err, "cause");
  if (cause !== undefined && depth < MAX_CAUSES) text += `; cause: ${detailed(cause, depth + 1)}`;
  return text;
}

/** `Name: message` when `message` is a string (error-like), undefined otherwise. */
function errorLine(name: unknown, message: unknown): string | undefined {
  if (typeof message !== "string") return undefined;
  return `${typeof name === "string" && name !== "" ? name : "Error"}: ${message}`;
}

/** Anything that is not error-like: `thrown null`, `thrown number: 42`, `thrown object: ...`. */
function valueLine(err: unknown): string {
  if (err === null || err === undefined) return `thrown ${String(err)}`;
  return `thrown ${typeof err}: ${String(err)}`;
}

/** A property read that cannot throw (a getter that throws, a Proxy trap): undefined instead. */
function readSafely(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `[object Ctor]` without calling the value's own toString. */
function constructorTag(value: object): string {
  try {
    const ctor = readSafely(value, "constructor");
    const ctorName = typeof ctor === "function" ? ctor.name : "";
    return ctorName !== "" ? `[object ${ctorName}]` : Object.prototype.toString.call(value);
  } catch {
    return "value that cannot be described";
  }
}
