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
  constructor(given: string) {
    super(
      "FLOWLOG_UNKNOWN_LEVEL",
      `unknown level ${given}: expected one of DEBUG, INFO, AUDIT, WEBHOOK, WARNING, SECURITY, ERROR, DEPLOY, CRITICAL (any case) or 10, 20, 25, 28, 30, 35, 40, 45, 50`,
    );
    this.name = "UnknownLevelError";
  }
}

/** Configuration that cannot be used: every problem is listed, with its source and key path. */
export class FlowlogConfigError extends FlowlogError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super("FLOWLOG_CONFIG", `invalid flowlog configuration:\n  ${problems.join("\n  ")}`);
    this.name = "FlowlogConfigError";
    this.problems = problems;
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
