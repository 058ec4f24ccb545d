import type { Subscription } from "rxjs";
import { Observable } from "rxjs/internal/Observable";
import { Subject } from "rxjs/internal/Subject";
import { Level, toLevelNumber, type LevelLike } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import type { Sink, SinkContext, SinkFunction } from "./sink.js";
import type { DeliveryEvent } from "../core/delivery.js";
import { describeThrown } from "../core/describe-thrown.js";
import { monotonicMs } from "../core/elapsed.js";

export interface FunctionSinkOptions {
  readonly name?: string;
  readonly minLevel?: LevelLike;
}

/** After this many failures in a row, the sink is quarantined: its records are dropped and counted. */
const QUARANTINE_AFTER = 5;
let anonymousSinks = 0;

/**
 * A user's own RxJS pipeline, `(records$) => Observable<unknown>`, run with the isolation the
 * built-in sinks get. flowlog cannot see inside the pipeline, so it accounts like this:
 * - a record counts as delivered once the pipeline has taken it without an error;
 * - an error raised while the pipeline takes a record fails that record, and the pipeline is
 *   started again for the next one (an error inside `tap` would otherwise end it for good);
 * - an error raised later (after a timer, say) is reported and the pipeline restarted;
 * - after 5 failures in a row the sink is quarantined and its records count as dropped.
 */
export class FunctionSink implements Sink {
  readonly name: string;
  readonly minLevel: number;
  readonly remote = false;
  readonly #pipeline: SinkFunction;

  constructor(pipeline: SinkFunction, options: FunctionSinkOptions = {}) {
    this.#pipeline = pipeline;
    this.name = options.name ?? `sink_${++anonymousSinks}`;
    this.minLevel = toLevelNumber(options.minLevel ?? Level.DEBUG);
  }

  connect(records$: Observable<LogRecord>, context: SinkContext): Observable<DeliveryEvent> {
    return new Observable<DeliveryEvent>((subscriber) => {
      /** Input of the user's pipeline now running; null while none runs. */
      let feed: Subject<LogRecord> | null = null;
      /** Our subscription to the user's pipeline. */
      let userSubscription: Subscription | null = null;
      /** The record being handed over, so a synchronous error can be pinned on it. */
      let handingOver: LogRecord | null = null;
      /** Error raised while handing a record over. */
      let handOverError: { error: unknown } | null = null;
      let failuresInARow = 0;
      let inputDone = false;

      const failed = (records: LogRecord[], error: unknown): void => {
        failuresInARow++;
        subscriber.next({ kind: "failed", records, error: describeThrown(error) });
      };

      const onUserError = (error: unknown): void => {
        feed = null;
        userSubscription = null;
        if (handingOver) {
          handOverError = { error };
          return;
        }
        failed([], error);
        if (inputDone) subscriber.complete();
      };

      const onUserComplete = (): void => {
        feed = null;
        userSubscription = null;
        if (inputDone) subscriber.complete();
      };

      const startPipeline = (): boolean => {
        const input = new Subject<LogRecord>();
        let output$: Observable<unknown>;
        try {
          output$ = this.#pipeline(input.asObservable());
          feed = input;
          userSubscription = output$.subscribe({ error: onUserError, complete: onUserComplete });
        } catch (error) {
          feed = null;
          failed([], error);
          return false;
        }
        return feed !== null;
      };

      const take = (record: LogRecord): void => {
        if (failuresInARow >= QUARANTINE_AFTER) {
          subscriber.next({ kind: "dropped", count: 1, reason: "quarantined" });
          return;
        }
        if (!feed && !startPipeline()) {
          subscriber.next({ kind: "failed", records: [record], error: "sink pipeline could not start" });
          return;
        }
        handingOver = record;
        handOverError = null;
        const started = monotonicMs();
        try {
          feed?.next(record);
        } catch (error) {
          handOverError = { error };
        }
        context.observeBlocking?.(monotonicMs() - started);
        handingOver = null;
        if (handOverError) {
          failed([record], handOverError.error);
          userSubscription?.unsubscribe();
          feed = null;
          userSubscription = null;
        } else {
          failuresInARow = 0;
          subscriber.next({ kind: "delivered", count: 1 });
        }
      };

      const sourceSubscription = records$.subscribe({
        next: take,
        error: () => {
          inputDone = true;
          subscriber.complete();
        },
        complete: () => {
          inputDone = true;
          if (feed) feed.complete();
          else subscriber.complete();
        },
      });

      return () => {
        sourceSubscription.unsubscribe();
        userSubscription?.unsubscribe();
      };
    });
  }
}
