import type { FailureFacts } from "./failure.js";

/** What an attempt knows about its failure: the transport code, the status the service answered. */
export type AttemptFacts = Pick<FailureFacts, "code" | "statusCode">;

/**
 * What one delivery attempt came to, as data: the retry loop (`deliverWithRetry`) decides what
 * to do next from this alone, and io (`io/classify.ts`) builds it from a response or an error.
 * Error texts are one line and already scrubbed of secrets; a failed outcome also carries its
 * {@link AttemptFacts} (`code`, `statusCode`) when there are any, as data, for the report.
 *
 * - `ok`: the service accepted the message;
 * - `retry`: try again after a backoff, or after `retryAfterMs` when the service gave a longer
 *   hint; `rateLimited` pauses the whole sink, not just this batch;
 * - `permanent`: no retry can help; `disableSink` stops sending to this sink at all (the
 *   credential or the target is gone).
 */
export type AttemptOutcome =
  | { readonly kind: "ok" }
  | ({ readonly kind: "retry"; readonly error: string; readonly retryAfterMs?: number; readonly rateLimited?: boolean } & AttemptFacts)
  | ({ readonly kind: "permanent"; readonly error: string; readonly disableSink?: boolean } & AttemptFacts);
