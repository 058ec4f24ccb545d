import type { OperatorFunction } from "rxjs";
import { pipe } from "rxjs";
import { flushableBatch } from "../operators/flushable-batch.js";
import { boundedDelivery, type BoundedDeliveryOptions } from "../operators/bounded-delivery.js";
import type { LogRecord } from "../core/record.js";
import type { SinkContext } from "./sink.js";
import type { DeliveryEvent } from "../core/delivery.js";

/** How a sink batches and bounds its work; every sink, local or remote, is built from these. */
export interface BatchingOptions {
  /** A batch is written this long after its first record... */
  readonly batchMs: number;
  /** ...or as soon as it holds this many records. */
  readonly maxBatch: number;
  /** Records waiting for delivery beyond which the lowest levels are shed (counted as dropped). */
  readonly maxQueue: number;
  /** Deliveries in flight at once. */
  readonly concurrency: number;
}

/**
 * The one pipeline every built-in sink shares: batch by time and count (flushable on demand),
 * then a bounded queue in front of isolated delivery. Sinks differ only in `deliver`.
 */
export function deliveryPipeline(
  context: SinkContext,
  batching: BatchingOptions,
  delivery: Pick<BoundedDeliveryOptions, "deliver" | "deliverTimeoutMs" | "describeError">,
): OperatorFunction<LogRecord, DeliveryEvent> {
  return pipe(
    flushableBatch<LogRecord>({
      timeMs: batching.batchMs,
      maxCount: batching.maxBatch,
      flush$: context.flush$,
      scheduler: context.scheduler,
    }),
    boundedDelivery({
      maxQueue: batching.maxQueue,
      concurrency: batching.concurrency,
      maxBatch: batching.maxBatch,
      scheduler: context.scheduler,
      onAbandon: context.abandon,
      onDeliverTime: context.observeBlocking,
      ...delivery,
    }),
  );
}
