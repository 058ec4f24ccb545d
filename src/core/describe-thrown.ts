import { asFailureCode } from "./failure.js";

/**
 * A thrown or rejected value as one short text, for reports and warnings: `${name}: ${message}`
 * for anything error-like, `thrown <type>: <value>` for anything else. Never throws, even for a
 * value whose getters or `toString` throw.
 */
export function describeThrown(err: unknown): string {
  try {
    if (typeof err === "object" && err !== null && typeof (err as Error).message === "string") {
      const name = (err as Error).name;
      return `${typeof name === "string" && name !== "" ? name : "Error"}: ${(err as Error).message}`;
    }
    if (err === null || err === undefined) return `thrown ${String(err)}`;
    return `thrown ${typeof err}: ${String(err)}`;
  } catch {
    // A getter that throws, or an object whose toString throws.
    return "thrown value that cannot be described";
  }
}

/**
 * The `code` a thrown value carries (`ECONNREFUSED`, `EAUTH`, `EACCES`, `UND_ERR_SOCKET`), when
 * it is a short identifier ({@link asFailureCode}); undefined otherwise. Never throws.
 */
export function thrownCode(err: unknown): string | undefined {
  try {
    return typeof err === "object" && err !== null ? asFailureCode((err as { code?: unknown }).code) : undefined;
  } catch {
    // A getter that throws: no code.
    return undefined;
  }
}
