import { defer, type Observable } from "rxjs";
import { FlowlogSinkError } from "../errors.js";
import { Level, toLevelNumber, type LevelLike } from "../levels.js";
import type { LogRecord } from "../record.js";
import { deliveryPipeline, type BatchingOptions } from "./pipeline.js";
import type { DeliveryEvent, Sink, SinkContext } from "./sink.js";

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
    this.#timeoutMs = atLeastOne(options.timeoutMs ?? 5000, "timeoutMs");
    this.#batching = {
      batchMs: options.batchMs ?? 20,
      maxBatch: atLeastOne(options.maxBatch ?? 100, "maxBatch"),
      maxQueue: atLeastOne(options.maxQueue ?? 10_000, "maxQueue"),
      concurrency: atLeastOne(options.concurrency ?? 1, "concurrency"),
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

function atLeastOne(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1) throw new FlowlogSinkError(`WriteSink ${option} must be an integer >= 1, got ${String(value)}`);
  return value;
}
