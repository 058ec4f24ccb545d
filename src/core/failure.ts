/**
 * What a failure carries besides its one-line text, as data: io builds it where the error or
 * the response is in hand, the retry loop adds the attempt count, and the sink runner keeps it
 * next to `lastError` in the report (`lastFailure`). Nobody parses it back out of the text.
 *
 * The names are the ones undici, Node and nodemailer put on their own errors, so a user who
 * knows those reads these without a manual: `code` as on a Node system error or an undici error,
 * `statusCode` as on an undici `ResponseError` and Node's `res.statusCode` (and pino's `res`
 * serializer).
 */
export interface FailureFacts {
  /**
   * The transport or system code: `ECONNREFUSED`, `ETIMEDOUT`, `ECONNRESET` (the HTTP client
   * normalises undici's codes to these), `EAUTH` and the other nodemailer codes, `EACCES` or
   * `EISDIR` from the file system. Absent when the failure was an answer (an HTTP status).
   * Every timeout is `ETIMEDOUT`, whichever timer fired (undici's, nodemailer's, flowlog's own
   * attempt deadline, a delivery timeout or complete()'s deadline): one code to branch on.
   */
  readonly code?: string;
  /** The HTTP status of the answer, or the SMTP reply code (`535`) when the server gave one. */
  readonly statusCode?: number;
  /** How many attempts were made for the batch (first try plus retries). */
  readonly attempts?: number;
}

/**
 * A code worth keeping as a field: a short identifier (`ECONNREFUSED`, `UND_ERR_SOCKET`,
 * `ERR_INVALID_URL`), never free text. A number (gRPC status, a library's numeric code) is kept
 * as its decimal text.
 */
const CODE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** `value` as a {@link FailureFacts} code, or undefined when it is not a short identifier. */
export function asFailureCode(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? String(value) : undefined;
  return typeof value === "string" && CODE.test(value) ? value : undefined;
}

/** `value` as a status code (100..999: HTTP statuses and SMTP reply codes), or undefined. */
export function asStatusCode(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 999 ? value : undefined;
}

/**
 * The well-formed facts of a value nobody vouches for (a user's `DeliveryResult`, an outcome an
 * attempt function returned): each field kept only when it has the right shape. Never throws.
 */
export function failureFactsOf(value: unknown): FailureFacts {
  try {
    if (typeof value !== "object" || value === null) return {};
    const { code, statusCode, attempts } = value as Record<string, unknown>;
    return withFacts({}, {
      code: asFailureCode(code),
      statusCode: asStatusCode(statusCode),
      attempts: typeof attempts === "number" && Number.isSafeInteger(attempts) && attempts >= 0 ? attempts : undefined,
    });
  } catch {
    // Getters that throw: no facts rather than a crash.
    return {};
  }
}

/**
 * `target` with the facts that are defined: absent facts add no key, so an object without
 * facts looks exactly as it did before facts existed.
 */
export function withFacts<T extends object>(target: T, facts: FailureFacts): T & FailureFacts {
  const out: T & { -readonly [K in keyof FailureFacts]?: FailureFacts[K] } = { ...target };
  if (facts.code !== undefined) out.code = facts.code;
  if (facts.statusCode !== undefined) out.statusCode = facts.statusCode;
  if (facts.attempts !== undefined) out.attempts = facts.attempts;
  return out;
}
