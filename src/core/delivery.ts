import type { FailureFacts } from "./failure.js";
import type { LogRecord } from "./record.js";

/** Why a record was shed instead of delivered. */
export type DropReason = "queue_full" | "after_complete" | "quarantined" | "reentrant";

/**
 * What a sink pipeline emits: every record a sink accepts ends in exactly one
 * delivered, dropped or failed event. Failures are values, never error notifications,
 * so one sink can never tear down another. `T` is what a pipeline carries: log records for
 * sinks, anything for the generic operators. A failed event also carries the
 * {@link FailureFacts} that are known (`code`, `statusCode`, `attempts`); the report keeps them.
 */
export type DeliveryEvent<T = LogRecord> =
  | { readonly kind: "delivered"; readonly count: number }
  | { readonly kind: "dropped"; readonly count: number; readonly reason: DropReason }
  | ({
      readonly kind: "failed";
      readonly records: readonly T[];
      /** Already scrubbed of secrets: it reaches the report and stderr as is. */
      readonly error: string;
    } & FailureFacts);

/**
 * One message a remote sink sends for a batch, and the records it carries (indexes into the
 * batch). A record split over several messages is delivered only when all of them are.
 */
export interface OutgoingMessage<Body> {
  readonly body: Body;
  readonly records: readonly number[];
}
