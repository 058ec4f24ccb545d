/**
 * Every error flowlog lets reach a user is a FlowlogError with a stable `code`.
 * One file, one class per purpose (undici's habit), so callers can branch on `code`.
 */

export type FlowlogErrorCode =
  | "FLOWLOG_UNKNOWN_LEVEL"
  | "FLOWLOG_CONFIG"
  | "FLOWLOG_SINK"
  | "FLOWLOG_MISSING_PEER"
  | "FLOWLOG_COMPLETED";

/** Base class: a message a person can act on, and a code a program can test. */
export class FlowlogError extends Error {
  readonly code: FlowlogErrorCode;
  constructor(code: FlowlogErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FlowlogError";
    this.code = code;
  }
}

/** A level name or number that is not one of the nine. */
export class UnknownLevelError extends FlowlogError {
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
  constructor(message: string) {
    super("FLOWLOG_SINK", message);
    this.name = "FlowlogSinkError";
  }
}

/** An optional peer dependency (nodemailer) that a configured sink needs is not installed. */
export class MissingPeerError extends FlowlogError {
  constructor(pkg: string, forWhat: string) {
    super("FLOWLOG_MISSING_PEER", `${forWhat} needs the optional package "${pkg}": run \`npm install ${pkg}\``);
    this.name = "MissingPeerError";
  }
}
