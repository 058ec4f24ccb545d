import type { SchedulerLike, Subscriber, Subscription } from "rxjs";
import { Observable } from "rxjs/internal/Observable";
import { Subject } from "rxjs/internal/Subject";
import { recordWeight, type LogRecord } from "../core/record.js";
import type { Sink, SinkContext } from "../sinks/sink.js";
import { offStackIntake, type OffStackIntake } from "../operators/off-stack-intake.js";
import { offStackScheduler } from "../operators/immediate-scheduler.js";
import type { FanoutListener, RecordSource } from "./record-fanout.js";
import type { ExtraJsonMemo } from "../format/extra-json.js";
import type { DeliveryEvent, DropReason } from "../core/delivery.js";
import { SinkCounters, SLOW_SINK_MS } from "./sink-report.js";
import { describeThrown, thrownCode } from "../core/describe-thrown.js";
import { failureFactsOf, type FailureFacts } from "../core/failure.js";

/** What a runner needs from the Logger around it. */
export interface RunnerDependencies {
  readonly scheduler: SchedulerLike;
  /** Writes one line on stderr; the runner decides when (once per kind of trouble). */
  readonly warn: (message: string) => void;
  /** Appends failed remote records to the dead letter; returns how many were written. */
  readonly deadLetter: (sink: string, reason: string, records: readonly LogRecord[]) => number;
  /** The logger's memo of `extra` texts, handed to the sink (see SinkContext). */
  readonly extraJson?: ExtraJsonMemo;
}

/** A pipeline that errors (a bug in a sink) is restarted this many times, then left down. */
const MAX_RESTARTS = 5;

/**
 * Runs one sink: subscribes its pipeline to the logger's records, counts every outcome, and
 * keeps the sink's failures inside it. Nothing a sink does (throw, error, hang) can reach the
 * caller or another sink; the worst case is that this sink's records count as failed.
 */
export class SinkRunner {
  readonly sink: Sink;
  /**
   * The level this sink takes records at: the sink's own `minLevel` until `setSinkLevel`
   * changes it. Read per record, so a change applies to the next record.
   */
  minLevel: number;
  readonly counters = new SinkCounters();
  /** Resolves when the sink's pipeline has completed or been stopped. */
  readonly done: Promise<void>;
  readonly #source: RecordSource<LogRecord>;
  readonly #dependencies: RunnerDependencies;
  /** Asks the sink's batches to flush now (exit hook, deadline). */
  readonly #flush$ = new Subject<void>();
  /** Ends this sink's input alone (removeSink) while the logger goes on. */
  readonly #detach$ = new Subject<void>();
  #subscription: Subscription | null = null;
  /** The hand-off of a sink that takes its records from setImmediate (Sink.offStackIntake). */
  #intake: OffStackIntake<LogRecord> | null = null;
  #restarts = 0;
  /**
   * Which run of the pipeline is current: bumped when it crashes. The crash counts everything
   * pending as failed, so what the dead run's teardown abandons afterwards is not counted again.
   */
  #generation = 0;
  #finished = false;
  /** What the hard stop knows about why it came (`ETIMEDOUT` for complete()'s deadline): for the records it abandons. */
  #stopFacts: FailureFacts = {};
  #resolveDone!: () => void;
  /** Warnings already printed, so a failing disk is reported once, not per batch. */
  readonly #warned = new Set<string>();

  constructor(sink: Sink, source: RecordSource<LogRecord>, dependencies: RunnerDependencies) {
    this.sink = sink;
    this.minLevel = sink.minLevel;
    this.#source = source;
    this.#dependencies = dependencies;
    this.done = new Promise<void>((resolve) => (this.#resolveDone = resolve));
  }

  get finished(): boolean {
    return this.#finished;
  }

  start(): void {
    const counters = this.counters;
    const generation = this.#generation;
    const input$ = this.#input(counters);
    const context: SinkContext = {
      flush$: this.#flush$.asObservable(),
      scheduler: this.#dependencies.scheduler,
      abandon: (records) => {
        if (generation === this.#generation) this.#fail(records, "stopped before delivery (deadline or exit)", this.#stopFacts);
      },
      observeBlocking: (ms) => this.#observeBlocking(ms),
      extraJson: this.#dependencies.extraJson,
    };
    let events$: Observable<DeliveryEvent>;
    try {
      events$ = this.sink.connect(input$, context);
    } catch (error) {
      this.#crashed(error);
      return;
    }
    this.#subscription = events$.subscribe({
      next: (event) => {
        try {
          this.#count(event);
        } catch (error) {
          // Counting is the runner's own code; if it ever throws, it must not reach RxJS's
          // unhandled-error path (a crash from a timer): treat it as this sink's pipeline error.
          this.#subscription?.unsubscribe();
          this.#crashed(error);
        }
      },
      error: (error: unknown) => this.#crashed(error),
      complete: () => this.#finish(),
    });
  }

  /**
   * The records the sink takes: at or above its level (read per record), counted as accepted
   * inside the log call, until detach(). A sink that asks for it gets them from setImmediate.
   */
  #input(counters: SinkCounters): Observable<LogRecord> {
    const accept = (record: LogRecord): boolean => {
      if (record.levelno < this.minLevel) return false;
      counters.accepted++;
      return true;
    };
    const intake = this.sink.offStackIntake;
    if (intake === undefined) {
      this.#intake = null;
      return this.#records(accept);
    }
    // The intake's own subscriber is the fan-out's listener: the fan-out calls its next (append
    // and count) directly, not the closure the other runners share, whose invocations a remote
    // sink would double (and so bring its TurboFan compile into the first thousand calls).
    const handOff = offStackIntake(this.#listenedBy((subscriber) => subscriber), {
      accept,
      maxWaiting: intake.maxWaiting,
      helpCount: intake.helpCount,
      scheduler: offStackScheduler(this.#dependencies.scheduler),
    });
    this.#intake = handOff;
    return handOff.items$;
  }

  /**
   * The records of the fan-out that `accept` takes (it runs first, inside the log call), until
   * detach(). One listener on the fan-out, not a chain of operators: this runs for every record.
   */
  #records(accept: (record: LogRecord) => boolean): Observable<LogRecord> {
    return this.#listenedBy((subscriber) => ({
      next: (record) => {
        // A sink detached or stopped while this record is handed out neither takes nor counts it.
        if (!subscriber.closed && accept(record)) subscriber.next(record);
      },
      complete: () => subscriber.complete(),
    }));
  }

  /** The fan-out's records until detach(), to the listener `listenerOf` makes for each subscriber. */
  #listenedBy(listenerOf: (subscriber: Subscriber<LogRecord>) => FanoutListener<LogRecord>): Observable<LogRecord> {
    return new Observable<LogRecord>((subscriber) => {
      const detached = this.#detach$.subscribe(() => subscriber.complete());
      const stopListening = this.#source.listen(listenerOf(subscriber));
      return () => {
        stopListening();
        detached.unsubscribe();
      };
    });
  }

  /** Writes every batch now; file sinks write synchronously, so this is the exit path too. */
  flushNow(): void {
    // Records still waiting for setImmediate join the sink's batches first.
    this.#intake?.flush();
    this.#flush$.next();
  }

  /** Ends this sink's input; the pipeline drains what it holds, then `done` resolves. */
  detach(): void {
    this.#detach$.next();
  }

  /**
   * Hard stop: flushes, then unsubscribes. Whatever is still queued or in flight reaches the
   * abandon hook (failed, dead-lettered when remote); anything else not settled counts failed.
   * `facts` go on the report's lastFailure (`code: "ETIMEDOUT"` when a deadline is the reason).
   */
  abort(reason: string, facts: FailureFacts = {}): void {
    if (this.#finished) return;
    this.#stopFacts = facts;
    this.flushNow();
    const subscription = this.#subscription;
    this.#subscription = null;
    subscription?.unsubscribe();
    const left = this.counters.pending;
    if (left > 0) {
      this.counters.failed += left;
      this.#recordFailure(reason, facts);
    }
    this.#finish();
  }

  /** Counts a record the sink never saw: logged after complete, or after quarantine. */
  countDropped(reason: DropReason, count = 1): void {
    this.counters.accepted += count;
    this.counters.droppedBy[reason] += count;
  }

  #count(event: DeliveryEvent): void {
    switch (event.kind) {
      case "delivered":
        this.counters.delivered += event.count;
        break;
      case "dropped":
        this.counters.droppedBy[event.reason] += event.count;
        this.#warnOnce(`dropped:${event.reason}`, `sink "${this.sink.name}" is shedding records (${event.reason}); the report counts them`);
        break;
      case "failed":
        this.#fail(event.records, event.error, failureFactsOf(event));
        break;
    }
  }

  #observeBlocking(ms: number): void {
    if (ms <= this.counters.maxBlockMs) return;
    this.counters.maxBlockMs = ms;
    if (ms >= SLOW_SINK_MS) {
      this.#warnOnce("slow", `sink "${this.sink.name}" held the event loop for ${Math.round(ms)} ms in one write; see maxBlockMs in the report`);
    }
  }

  #fail(records: readonly LogRecord[], error: string, facts: FailureFacts = {}): void {
    const counters = this.counters;
    // A coalesced alert stands for several logged records: count them all.
    let weight = 0;
    for (const record of records) weight += recordWeight(record);
    counters.failed += weight;
    this.#recordFailure(error, facts);
    this.#warnOnce(`failed:${error}`, `sink "${this.sink.name}" could not deliver ${weight} record(s): ${error}; further failures are counted in the report`);
    if (this.sink.remote && records.length > 0) {
      try {
        counters.deadLettered += this.#dependencies.deadLetter(this.sink.name, error, records);
      } catch (deadLetterError) {
        this.#warnOnce("dead-letter", `the dead-letter file could not be written: ${describeThrown(deadLetterError)}`);
      }
    }
  }

  /** A sink pipeline that errors is a bug in the sink: count what it held, restart it a few times. */
  #crashed(error: unknown): void {
    this.#subscription = null;
    this.#generation++;
    const left = this.counters.pending;
    const message = `sink pipeline error: ${describeThrown(error)}`;
    if (left > 0) this.counters.failed += left;
    this.#recordFailure(message, { code: thrownCode(error) });
    if (this.#restarts < MAX_RESTARTS) {
      this.#restarts++;
      this.#warnOnce("crashed", `sink "${this.sink.name}" failed (${message}); restarting it`);
      this.start();
    } else {
      this.#warnOnce("given-up", `sink "${this.sink.name}" failed ${MAX_RESTARTS + 1} times and is stopped: ${message}`);
      this.#finish();
    }
  }

  /** The report's lastError and lastFailure, counted now on the logger's clock. */
  #recordFailure(message: string, facts: FailureFacts): void {
    this.counters.recordFailure(message, facts, this.#dependencies.scheduler.now());
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#resolveDone();
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    // Bounded, so a sink failing with ever-new messages cannot grow this set without end.
    if (this.#warned.size >= 32) return;
    this.#warned.add(key);
    this.#dependencies.warn(message);
  }
}

