import type { OperatorFunction, SchedulerLike } from "rxjs";
import { pipe } from "rxjs/internal/util/pipe";
import { flushableBatch, type HandOffOptions } from "../operators/flushable-batch.js";
import { offStackScheduler } from "../operators/immediate-scheduler.js";
import { boundedDelivery, type BoundedDeliveryOptions } from "./record-operators.js";
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
  /**
   * Hand full batches off the caller's stack (see {@link handOffFor}): for sinks whose delivery
   * does its heavy work synchronously (the file sink formats and writes in `deliver`).
   */
  readonly handOff?: boolean;
  /**
   * Start deliveries from `setImmediate`, not inside the log call that filled a batch: for
   * remote sinks, whose send (an HTTP request, its abort signal, its timers) is no work of the
   * caller's.
   */
  readonly launchOffStack?: boolean;
}

/**
 * How much may wait before a caller must help, in batches: a full batch is handed off to
 * `setImmediate` and the next one starts; a synchronous burst never lets it go, so once more
 * than one batch's worth waits, the call that pushed the excess moves part of it on itself. One
 * batch is the memory bound of a burst per sink. It was two: the records waiting are what
 * survives each scavenge (a copy per record per scavenge), and between helps 512 to 2,048 wait
 * instead of 2,560 to 4,096 (latency case, 5 alternating runs at load 6: p99.9 median 65 -> 48 µs).
 * A burst of up to one batch still never makes a caller write.
 */
const WAITING_BATCHES = 1;
/** The share of a batch a helping caller writes: under one whole batch, and rare enough (one call in 1,536 with 2048-record batches) to stay out of p99.9. */
const HELP_SHARE = 0.75;

/** The first help of a burst is this small (then doubling): it runs on code not optimised yet. */
const FIRST_HELP = 64;

/**
 * Helps stop doubling at this many records until the sink has written {@link WARM_AFTER}: V8
 * optimises the encoder only after a few thousand records (the JSON line encoder was marked
 * after ~2,000 and its optimised code, a 22 ms background compile, arrived after ~5,000, later
 * under load), and until then a record costs 5-25 µs instead of 0.6 µs: a cold 1,536-record help
 * took 9-27 ms. Counted in records, not helps or time, so the ramp is the same at any load.
 * 4,096 adds 5 helps to a 200,000-record burst (138); 8,192 added 11 and p99.9 rose ~3 µs for
 * no lower max (latency case, alternating runs).
 */
const COLD_HELP = 512;
const WARM_AFTER = 4096;

/** The hand-off settings for a batch size; none for unbounded batches (they never fill). */
export function handOffFor(maxBatch: number, scheduler: SchedulerLike): HandOffOptions | undefined {
  if (!Number.isFinite(maxBatch)) return undefined;
  return {
    maxWaiting: WAITING_BATCHES * maxBatch,
    helpCount: Math.max(1, Math.floor(maxBatch * HELP_SHARE)),
    firstHelpCount: FIRST_HELP,
    coldHelpCount: COLD_HELP,
    warmAfter: WARM_AFTER,
    // Virtual schedulers (tests) stay as given, so hand-offs run in virtual time.
    scheduler: offStackScheduler(scheduler),
  };
}

/**
 * The one pipeline every built-in sink shares: batch by time and count (flushable on demand),
 * with full batches handed off the caller's stack where asked, then a bounded queue in front of isolated
 * delivery. Sinks differ only in `deliver`.
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
      handOff: batching.handOff === true ? handOffFor(batching.maxBatch, context.scheduler) : undefined,
    }),
    boundedDelivery({
      maxQueue: batching.maxQueue,
      concurrency: batching.concurrency,
      maxBatch: batching.maxBatch,
      scheduler: context.scheduler,
      onAbandon: context.abandon,
      onDeliverTime: context.observeBlocking,
      launchScheduler: batching.launchOffStack === true ? offStackScheduler(context.scheduler) : undefined,
      ...delivery,
    }),
  );
}
