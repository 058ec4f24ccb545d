import type { Observable, SchedulerLike } from "rxjs";
import type { DeliveryEvent } from "../core/delivery.js";
import type { LogRecord } from "../core/record.js";
import type { ExtraJsonMemo } from "../format/extra-json.js";

/** What the Logger hands a sink when it attaches it. */
export interface SinkContext {
  /** Emits when the Logger wants every batch written now (removeSink, exit, deadline). */
  readonly flush$: Observable<void>;
  /** Time source for batching, backoff and deadlines: virtual in tests. */
  readonly scheduler: SchedulerLike;
  /**
   * Receives the records a hard stop (deadline, exit) caught queued or in flight; they count
   * as failed and, for remote sinks, go to the dead letter. Wired by deliveryPipeline.
   */
  readonly abandon: (records: readonly LogRecord[]) => void;
  /**
   * Told how long one synchronous piece of the sink's work held the event loop (a deliver
   * call, a hand-over to a user pipeline): the report keeps the longest as `maxBlockMs`.
   */
  readonly observeBlocking?: (ms: number) => void;
  /**
   * The logger's memo of `extra` texts, so its file sinks serialise a record's `extra` once
   * between them; each logger has its own. Absent: the sink shares with nobody.
   */
  readonly extraJson?: ExtraJsonMemo;
}

/**
 * The sink contract. `connect` receives the records at or above `minLevel` and returns the
 * pipeline's delivery events; it must never error (the runner still isolates it if it does).
 * State (file handles, connection pools) is created on subscribe and released in finalize.
 */
export interface Sink {
  readonly name: string;
  readonly minLevel: number;
  /** Remote sinks' failed records go to the dead-letter file. */
  readonly remote: boolean;
  connect(records$: Observable<LogRecord>, context: SinkContext): Observable<DeliveryEvent>;
  /**
   * Asks for records from `setImmediate` instead of inside the log call: the call only checks
   * the sink's level, counts the record and appends it to an array (operators/off-stack-intake.ts).
   * Past `maxWaiting` records waiting, the call that adds one hands the oldest `helpCount` on
   * itself. A flush, complete() and the exit hand on everything waiting at once. Remote sinks ask
   * for it; absent, records reach `connect`'s pipeline inside the call.
   */
  readonly offStackIntake?: { readonly maxWaiting: number; readonly helpCount: number };
  /**
   * Resolves once what `connect` opened (sockets, pools) is closed after its pipeline ended;
   * complete() waits for it (briefly) so no handle outlives the logger.
   */
  whenReleased?(): Promise<void>;
}

/** A user's own sink in its simplest form: an RxJS pipeline over the records. */
export type SinkFunction = (records$: Observable<LogRecord>) => Observable<unknown>;
