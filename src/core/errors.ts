/**
 * Every error class of flowlog, in one file (undici's habit): each has a stable `code` and a
 * one-line purpose, so callers branch on `code` rather than on message text.
 *
 * Errors that reach a user are {@link FlowlogError}s. `instanceof FlowlogError` (and of its
 * subclasses) also holds for an error made by another installed copy of flowlog (two versions
 * in one dependency tree): the check reads a `Symbol.for` brand, not the prototype chain.
 */

export type FlowlogErrorCode =
  | "FLOWLOG_UNKNOWN_LEVEL"
  | "FLOWLOG_CONFIG"
  | "FLOWLOG_SINK"
  | "FLOWLOG_MISSING_PEER"
  | "FLOWLOG_COMPLETED";

/** Shared by every copy of flowlog in a process: `Symbol.for` returns the same symbol everywhere. */
const FLOWLOG_ERROR = Symbol.for("flowlog.error");

/** Base class: a message a person can act on, and a code a program can test. */
export class FlowlogError extends Error {
  readonly code: FlowlogErrorCode;
  constructor(code: FlowlogErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FlowlogError";
    this.code = code;
    Object.defineProperty(this, FLOWLOG_ERROR, { value: true });
  }

  /**
   * `error instanceof FlowlogError` is true for any branded error; `instanceof` a subclass is true
   * for a branded error with that subclass's code (each code has exactly one class).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null || (value as Record<symbol, unknown>)[FLOWLOG_ERROR] !== true) return false;
    const code = (this as { readonly errorCode?: FlowlogErrorCode }).errorCode;
    return code === undefined ? this === FlowlogError || Function.prototype[Symbol.hasInstance].call(this, value) : (value as FlowlogError).code === code;
  }
}

/** A level name or number that is not one of the nine. */
export class UnknownLevelError extends FlowlogError {
  static readonly errorCode = "FLOWLOG_UNKNOWN_LEVEL";
  constructor(given: string, accepted: string) {
    super("FLOWLOG_UNKNOWN_LEVEL", `unknown level ${given}: expected one of ${accepted}`);
    this.name = "UnknownLevelError";
  }
}

/**
 * Configuration that cannot be used: every problem of every layer is listed, with its source
 * and key path, and the warnings of the same load after them (a misspelled key often explains
 * a missing one).
 */
export class FlowlogConfigError extends FlowlogError {
  static readonly errorCode = "FLOWLOG_CONFIG";
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
  constructor(problems: readonly string[], warnings: readonly string[] = []) {
    const warned = warnings.length === 0 ? "" : `\nwarnings:\n  ${warnings.join("\n  ")}`;
    super("FLOWLOG_CONFIG", `invalid flowlog configuration:\n  ${problems.join("\n  ")}${warned}`);
    this.name = "FlowlogConfigError";
    this.problems = problems;
    this.warnings = warnings;
  }
}

/** A sink that cannot be built or attached (bad options, duplicate name). */
export class FlowlogSinkError extends FlowlogError {
  static readonly errorCode = "FLOWLOG_SINK";
  constructor(message: string) {
    super("FLOWLOG_SINK", message);
    this.name = "FlowlogSinkError";
  }
}

/** An optional peer dependency (nodemailer) that a configured sink needs is not installed. */
export class MissingPeerError extends FlowlogError {
  static readonly errorCode = "FLOWLOG_MISSING_PEER";
  constructor(pkg: string, forWhat: string) {
    super("FLOWLOG_MISSING_PEER", `${forWhat} needs the optional package "${pkg}": run \`npm install ${pkg}\``);
    this.name = "MissingPeerError";
  }
}

/** A call that needs an open logger (addSink) made after complete(). */
export class LoggerCompletedError extends FlowlogError {
  static readonly errorCode = "FLOWLOG_COMPLETED";
  constructor(what: string) {
    super("FLOWLOG_COMPLETED", `${what} after complete(): this logger is closed`);
    this.name = "LoggerCompletedError";
  }
}

/**
 * The codes a {@link TransportError} carries (the HTTP client's, the SMTP and syslog sockets'):
 * - `ETIMEDOUT`: connect, headers or body timeout, or the per-attempt deadline;
 * - `ABORTED`: the caller's signal, or the client was destroyed;
 * - `CLOSED`: a request after the client was closed or destroyed;
 * - `EPROTO`: a response that cannot be parsed;
 * - `EINVAL`: a request the client refuses to send (a bad header value): a bug, not a network issue;
 * - otherwise the socket error's own code as Node reports it (`ECONNREFUSED`, `ENOTFOUND`,
 *   `ECONNRESET`, `EPIPE`, ...) or a TLS verification code (`DEPTH_ZERO_SELF_SIGNED_CERT`,
 *   `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, ...).
 */
export type TransportErrorCode = "ETIMEDOUT" | "ABORTED" | "CLOSED" | "EPROTO" | "EINVAL" | (string & {});

/**
 * A failed exchange with a remote service, inside flowlog: the delivery loop turns it into an
 * attempt outcome, so it never reaches a user. Its message is already scrubbed of secrets, and
 * the original error is not kept as `cause`: its message and properties may hold the URL.
 */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  /** The code undici or Node gave, when it differs from `code` (`UND_ERR_HEADERS_TIMEOUT`). */
  readonly originalCode: string | undefined;
  constructor(code: TransportErrorCode, message: string, originalCode?: string) {
    super(message);
    this.name = "TransportError";
    this.code = code;
    this.originalCode = originalCode !== code ? originalCode : undefined;
  }
}
