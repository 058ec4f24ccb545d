import type { Observable } from "rxjs";
import { defer } from "rxjs/internal/observable/defer";
import { FlowlogSinkError } from "../core/errors.js";
import { checkNumberOption } from "./check-option.js";
import { Level, toLevelNumber, type LevelLike } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { deliveryPipeline, type BatchingOptions } from "./pipeline.js";
import type { Sink, SinkContext } from "./sink.js";
import type { DeliveryEvent } from "../core/delivery.js";

/** Writes one batch; resolving means written, throwing or rejecting means failed. */
export type WriteBatch = (records: readonly LogRecord[], signal: AbortSignal) => void | Promise<void>;

export interface WriteSinkOptions {
  readonly name?: string;
  readonly minLevel?: LevelLike;
  /** A write not settled by then fails its records with "timeout after N ms" and `signal` aborts (default 5000). */
  readonly timeoutMs?: number;
  /** Batch window in ms (default 20) and size (default 100 records). */
  readonly batchMs?: number;
  readonly maxBatch?: number;
  /** Records waiting beyond which the lowest levels are shed (default 10,000). */
  readonly maxQueue?: number;
  /** Writes in flight at once (default 1: batches arrive in order). */
  readonly concurrency?: number;
}

let anonymousSinks = 0;
const WHOLE_FROM_1 = { min: 1, integer: true } as const;

/**
 * A user's own destination as one async function, like a winston transport's `log(info, cb)`:
 * `new WriteSink(async (records) => db.insertMany(records))`. It gets what the built-in sinks
 * get: batching, a bounded queue, a per-write timeout (a promise that never settles fails its
 * records instead of holding complete() forever), and isolation (a throw fails that batch only).
 */
export class WriteSink implements Sink {
  readonly name: string;
  readonly minLevel: number;
  readonly remote = false;
  readonly #write: WriteBatch;
  readonly #timeoutMs: number;
  readonly #batching: BatchingOptions;

  constructor(write: WriteBatch, options: WriteSinkOptions = {}) {
    if (typeof write !== "function") throw new FlowlogSinkError("WriteSink needs a function (records, signal) => void | Promise<void>");
    this.#write = write;
    this.name = options.name ?? `write_${++anonymousSinks}`;
    this.minLevel = toLevelNumber(options.minLevel ?? Level.DEBUG);
    this.#timeoutMs = checkNumberOption(options.timeoutMs ?? 5000, "WriteSink timeoutMs", WHOLE_FROM_1);
    this.#batching = {
      batchMs: options.batchMs ?? 20,
      maxBatch: checkNumberOption(options.maxBatch ?? 100, "WriteSink maxBatch", WHOLE_FROM_1),
      maxQueue: checkNumberOption(options.maxQueue ?? 10_000, "WriteSink maxQueue", WHOLE_FROM_1),
      concurrency: checkNumberOption(options.concurrency ?? 1, "WriteSink concurrency", WHOLE_FROM_1),
    };
  }

  connect(records$: Observable<LogRecord>, context: SinkContext): Observable<DeliveryEvent> {
    return defer(() =>
      records$.pipe(
        deliveryPipeline(context, this.#batching, {
          deliver: (records, signal) => this.#write(records, signal),
          deliverTimeoutMs: this.#timeoutMs,
        }),
      ),
    );
  }
}
