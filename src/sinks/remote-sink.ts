import type { Observable, SchedulerLike } from "rxjs";
import { asyncScheduler } from "rxjs/internal/scheduler/async";
import { defer } from "rxjs/internal/observable/defer";
import { finalize } from "rxjs/internal/operators/finalize";
import type { AttemptOutcome } from "../core/attempt-outcome.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { withFacts, type FailureFacts } from "../core/failure.js";
import { Level, toLevelNumber, type LevelLike } from "../core/levels.js";
import { coalesceAlerts, type DeliveryResult } from "./record-operators.js";
import { deliverWithRetry } from "../operators/deliver-with-retry.js";
import { RateGate } from "../operators/rate-gate.js";
import { unrefScheduler } from "../operators/unref-scheduler.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../operators/retry-policy.js";
import type { LogRecord } from "../core/record.js";
import { checkNumberOption } from "./check-option.js";
import { deliveryPipeline, type BatchingOptions } from "./pipeline.js";
import type { Sink, SinkContext } from "./sink.js";
import type { DeliveryEvent } from "../core/delivery.js";

const AT_LEAST_0 = { min: 0, integer: false } as const;
const AT_LEAST_1 = { min: 1, integer: false } as const;

/** Options every remote sink takes, with the defaults documented in the README. */
export interface RemoteSinkOptions {
  /** Name in the delivery report; defaults to the config key (`discord`, `telegram`, ...). */
  readonly name?: string;
  /** Default ERROR: alerts are for what needs a person. */
  readonly minLevel?: LevelLike;
  /** Records are sent in batches this long after the first (default 2000 ms). */
  readonly batchMs?: number;
  /** Records waiting beyond which the lowest levels are shed, counted as dropped (default 10,000). */
  readonly maxQueue?: number;
  /** Each HTTP or SMTP attempt must finish within this (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt, for network errors, 5xx and timeouts (default 3). */
  readonly maxRetries?: number;
  /** Messages in flight at once (default 1, which keeps alerts in order). */
  readonly concurrency?: number;
  /** Identical alerts within this window become one message with a count (default 60,000 ms; 0 turns it off). */
  readonly coalesceMs?: number;
  /** Backoff between retries: full jitter from `baseDelayMs` doubling up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** The part of a remote sink that talks to its service: one per subscription. */
export interface AlertTransport<Body> {
  /** One attempt to send one message; never throws; errors already scrubbed. */
  send(body: Body, signal: AbortSignal): Promise<AttemptOutcome>;
  /** Releases connections; called when the sink's pipeline ends. */
  close(): void | Promise<void>;
}

/** Records per batch handed to a formatter: the formatters pack them into messages. */
const MAX_BATCH = 100;

/**
 * What the four alert sinks share, so none of them repeats it: coalescing of alert storms,
 * batching, the bounded queue, retries with backoff and rate-limit pauses, disabling after a
 * permanent credential error, and accounting per record. A concrete sink only says how a
 * batch becomes messages (`format`) and how one message is sent (`openTransport`).
 */
export abstract class RemoteSink<Body> implements Sink {
  readonly name: string;
  readonly minLevel: number;
  readonly remote = true;
  /** The log call only queues a record: coalescing, batching and the bounded queue take it from setImmediate. */
  readonly offStackIntake: { readonly maxWaiting: number; readonly helpCount: number };
  readonly #batching: BatchingOptions;
  readonly #policy: RetryPolicy;
  readonly #coalesceMs: number;
  /** Transports being closed; complete() waits for them so no socket outlives the logger. */
  readonly #releasing = new Set<Promise<void>>();
  protected readonly timeoutMs: number;

  /** `maxBatch`: records per batch handed to `format` (default 100); a shipping sink may take more. */
  protected constructor(defaultName: string, options: RemoteSinkOptions, maxBatch = MAX_BATCH) {
    this.name = options.name ?? defaultName;
    this.minLevel = toLevelNumber(options.minLevel ?? Level.ERROR);
    this.timeoutMs = checkNumberOption(options.timeoutMs ?? 5000, "timeoutMs", AT_LEAST_1);
    this.#batching = {
      batchMs: checkNumberOption(options.batchMs ?? 2000, "batchMs", AT_LEAST_0),
      maxBatch,
      maxQueue: Math.max(checkNumberOption(options.maxQueue ?? 10_000, "maxQueue", AT_LEAST_1), maxBatch),
      concurrency: checkNumberOption(options.concurrency ?? 1, "concurrency", AT_LEAST_1),
      launchOffStack: true,
    };
    this.#policy = {
      maxRetries: checkNumberOption(options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries, "maxRetries", AT_LEAST_0),
      baseDelayMs: checkNumberOption(options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs, "baseDelayMs", AT_LEAST_0),
      maxDelayMs: checkNumberOption(options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs, "maxDelayMs", AT_LEAST_0),
    };
    // At most maxQueue records wait for setImmediate before a log call hands a batch's worth on
    // itself: a synchronous burst holds at most twice the queue bound before shedding.
    this.offStackIntake = { maxWaiting: this.#batching.maxQueue, helpCount: maxBatch };
    this.#coalesceMs = checkNumberOption(options.coalesceMs ?? 60_000, "coalesceMs", AT_LEAST_0);
  }

  whenReleased(): Promise<void> {
    return Promise.all(this.#releasing).then(() => undefined);
  }

  #release(transport: AlertTransport<Body>): void {
    const closing: Promise<void> = Promise.resolve()
      .then(() => transport.close())
      .catch(() => undefined)
      .finally(() => this.#releasing.delete(closing));
    this.#releasing.add(closing);
  }

  /** The messages for one batch; each says which records (indexes) it carries. */
  protected abstract format(records: readonly LogRecord[]): OutgoingMessage<Body>[];

  /** Opens the connection side of the sink; called on subscribe. */
  protected abstract openTransport(scheduler: SchedulerLike): AlertTransport<Body>;

  connect(records$: Observable<LogRecord>, context: SinkContext): Observable<DeliveryEvent> {
    return defer(() => {
      const transport = this.openTransport(context.scheduler);
      const gate = new RateGate(context.scheduler);
      /** Set after a permanent credential error: the sink sends nothing more. */
      let disabledBy: string | undefined;
      /** The facts of the failure that disabled the sink, reported with every batch it stops. */
      let disabledFacts: FailureFacts = {};

      const deliver = async (records: LogRecord[], signal: AbortSignal): Promise<DeliveryResult | void> => {
        // Formatting a batch of embeds takes milliseconds: it starts once the log call that
        // handed the batch on has returned, never on the caller's stack.
        await Promise.resolve();
        const failed = new Set<number>();
        let lastError = "";
        let lastFacts: FailureFacts = {};
        for (const message of this.format(records)) {
          if (disabledBy !== undefined || signal.aborted) {
            for (const index of message.records) failed.add(index);
            lastError = disabledBy ?? "stopped before delivery";
            lastFacts = disabledBy !== undefined ? disabledFacts : {};
            continue;
          }
          const verdict = await deliverWithRetry((attemptSignal) => transport.send(message.body, attemptSignal), {
            policy: this.#policy,
            gate,
            scheduler: context.scheduler,
            signal,
          });
          if (verdict.ok) continue;
          for (const index of message.records) failed.add(index);
          lastFacts = { code: verdict.code, statusCode: verdict.statusCode, attempts: verdict.attempts };
          if (verdict.disableSink) {
            disabledBy = `sink disabled after a permanent error: ${verdict.error}`;
            disabledFacts = lastFacts;
          }
          // The first failure of a disabled sink already says it stopped: that is the one warning people see.
          lastError = disabledBy ?? verdict.error;
        }
        if (failed.size === 0) return;
        return withFacts({ failed: [...failed].sort((a, b) => a - b).map((index) => records[index]), error: lastError }, lastFacts);
      };

      return records$.pipe(
        // A coalescing window must not keep the process alive; virtual schedulers (tests) stay as given.
        coalesceAlerts({
          windowMs: this.#coalesceMs,
          scheduler: context.scheduler === asyncScheduler ? unrefScheduler : context.scheduler,
          flush$: context.flush$,
        }),
        deliveryPipeline(context, this.#batching, { deliver }),
        finalize(() => this.#release(transport)),
      );
    });
  }
}
