import type { Observable, SchedulerLike } from "rxjs";
import { asyncScheduler } from "rxjs/internal/scheduler/async";
import { defer } from "rxjs/internal/observable/defer";
import { finalize } from "rxjs/internal/operators/finalize";
import { FlowlogSinkError, LoggerCompletedError } from "../core/errors.js";
import { formatDeadLetter } from "../format/dead-letter.js";
import { ExtraJsonMemo } from "../format/extra-json.js";
import { DeadLetterFile } from "../io/dead-letter.js";
import { Level } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import type { Sink } from "../sinks/sink.js";
import { processIsExiting, registerForExit, unregisterForExit, type ExitParticipant } from "./exit-hook.js";
import type { DeliveryReport, SinkReport } from "./sink-report.js";
import { SinkRunner } from "./sink-runner.js";
import { RecordFanout } from "./record-fanout.js";
import { GuardedObservable } from "../operators/guarded-observable.js";
import { timerDelay } from "../core/durations.js";
import type { DropReason } from "../core/delivery.js";
import { describeThrown } from "../core/describe-thrown.js";
import { safeWarning } from "./safe-warning.js";

export interface CoreOptions {
  readonly scheduler?: SchedulerLike;
  /** Source of record timestamps (epoch ms); injectable because TestScheduler cannot fake Date.now. */
  readonly clock?: () => number;
  /** Dead-letter file path, or null when the dead letter is disabled. */
  readonly deadLetterPath: string | null;
  /** Where flowlog's own warnings go (default: one line on stderr). */
  readonly onWarning?: (message: string) => void;
}

export interface CompleteOptions {
  /** Past this deadline (default 10 s) work in flight is stopped and what is left counts as failed. */
  readonly timeoutMs?: number;
}

export const DEFAULT_COMPLETE_TIMEOUT_MS = 10_000;
/** How long complete() waits, after the deadline, for sinks to close their connections. */
const RELEASE_WAIT_MS = 1000;
/**
 * How many generations of records logged while another is being published (a log$ subscriber
 * or sink that logs, which logs again...) are published; the next generation is dropped and
 * counted as `reentrant`. Bounds a subscriber that logs for every record it sees.
 */
export const MAX_REENTRANT_DEPTH = 8;
/** How many such records may wait at once (a subscriber that logs in a loop). */
export const MAX_REENTRANT_QUEUE = 10_000;

/**
 * The state one logger and all its children share: the record subject, the sinks and their
 * runners, the level threshold, and the way out (complete, exit hook).
 */
export class LoggerCore implements ExitParticipant {
  /** The lowest level anything wants; level methods compare against it before allocating. */
  threshold = Number.POSITIVE_INFINITY;
  readonly clock: () => number;
  readonly log$: Observable<LogRecord>;
  readonly #scheduler: SchedulerLike;
  readonly #records = new RecordFanout<LogRecord>();
  readonly #runners = new Map<string, SinkRunner>();
  /**
   * Final reports of sinks removed before completion, so complete() still shows them: under the
   * sink's name, or `name#1`, `name#2`... once another sink has taken that name.
   */
  readonly #retired = new Map<string, SinkReport>();
  /** Removals still draining, by sink name: a second removeSink gets the same promise. */
  readonly #removals = new Map<string, { readonly sink: Sink; readonly report: Promise<SinkReport> }>();
  /** Records logged while another was being published, with their generation; see publish(). */
  readonly #reentrant: Array<{ readonly record: LogRecord; readonly depth: number }> = [];
  /** True while a record is being handed to the subscribers. */
  #publishing = false;
  /** Generation of the record being published: 0 for one from the application itself. */
  #depth = 0;
  /** complete() was called while a record was being published: end the stream after it. */
  #endAfterPublish = false;
  readonly #warn: (message: string) => void;
  readonly #deadLetter: DeadLetterFile | null;
  /**
   * This logger's memo of `extra` texts, shared by its sinks (format/ keeps no state itself),
   * so another logger in the process neither shares nor keeps alive this one's records.
   */
  readonly #extraJson = new ExtraJsonMemo();
  /** Subscribers of log$: while there are any, every level is made. */
  #observers = 0;
  /** setLevel's floor: nothing below it is made, whatever the sinks want. */
  #floor = Number.NEGATIVE_INFINITY;
  #completion: Promise<DeliveryReport> | null = null;
  #completed = false;
  /** Told the new threshold whenever it changes (the level methods of the tree follow it). */
  readonly #thresholdListeners: Array<(threshold: number) => void> = [];

  constructor(options: CoreOptions) {
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.clock = options.clock ?? Date.now;
    this.#deadLetter = options.deadLetterPath === null ? null : new DeadLetterFile(options.deadLetterPath);
    this.#warn = safeWarning(options.onWarning);
    this.completion = new Promise<void>((resolve) => (this.#resolveCompletion = resolve));
    const shared = this.#records.observable;
    const subscriberThrew = (thrown: unknown): void =>
      this.#warn(`a log$ subscriber threw and was unsubscribed (the sinks and other subscribers go on): ${describeThrown(thrown)}`);
    const counted = defer(() => {
      this.#observers++;
      this.#recomputeThreshold();
      return shared.pipe(
        finalize(() => {
          this.#observers--;
          this.#recomputeThreshold();
        }),
      );
    });
    this.log$ = GuardedObservable.from(counted, subscriberThrew);
    registerForExit(this);
  }

  /** Resolves when complete() has finished (whoever called it). */
  readonly completion: Promise<void>;
  #resolveCompletion!: () => void;

  get completed(): boolean {
    return this.#completed;
  }

  /**
   * Hands one record to every sink and log$ subscriber. Never throws: log$ subscribers are
   * guarded and sink stages turn throws into error notifications. A record made while another
   * is being published (a subscriber or sink that logs) is queued and published right after
   * it, so nothing recurses; past MAX_REENTRANT_DEPTH generations it is dropped and counted.
   */
  publish(record: LogRecord): void {
    if (this.#completed) {
      this.#countUnpublished(record, "after_complete");
      return;
    }
    if (this.#publishing) {
      this.#queueReentrant(record);
      return;
    }
    this.#publishing = true;
    try {
      this.#handOut(record);
      // Grows while it is walked: records made by the ones handed out here.
      for (let i = 0; i < this.#reentrant.length; i++) {
        const queued = this.#reentrant[i];
        this.#depth = queued.depth;
        this.#handOut(queued.record);
      }
    } finally {
      this.#reentrant.length = 0;
      this.#depth = 0;
      this.#publishing = false;
      if (this.#endAfterPublish) {
        this.#endAfterPublish = false;
        this.#records.complete();
      }
    }
  }

  #handOut(record: LogRecord): void {
    this.#records.next(record);
    // During 'exit' nothing asynchronous runs again: write each record now.
    if (processIsExiting()) this.#flushAll();
  }

  #queueReentrant(record: LogRecord): void {
    const depth = this.#depth + 1;
    if (depth > MAX_REENTRANT_DEPTH || this.#reentrant.length >= MAX_REENTRANT_QUEUE) {
      this.countReentrant(record.levelno);
      return;
    }
    this.#reentrant.push({ record, depth });
  }

  #warnedReentrant = false;

  /**
   * Counts a record logged too deep inside flowlog's own work (publishing, or the making of
   * another record by a serializer, getter or toJSON that logs) as dropped `reentrant`.
   */
  countReentrant(levelno: number): void {
    for (const runner of this.#runners.values()) {
      if (levelno >= runner.minLevel) runner.countDropped("reentrant");
    }
    if (!this.#warnedReentrant) {
      this.#warnedReentrant = true;
      this.#warn(
        `records logged from inside log$ subscribers, sinks, serializers, getters or toJSON went ${MAX_REENTRANT_DEPTH} levels deep; deeper ones are dropped and counted as "reentrant"`,
      );
    }
  }

  addSink(sink: Sink): Sink {
    if (this.#completed) throw new LoggerCompletedError("addSink");
    if (this.#runners.has(sink.name)) {
      throw new FlowlogSinkError(`a sink named "${sink.name}" is already attached; give the new one another name`);
    }
    if (this.#removals.has(sink.name)) {
      // Its final report would land under the same name as the new sink's and hide one of them.
      throw new FlowlogSinkError(`a sink named "${sink.name}" is still draining after removeSink; await it, or give the new one another name`);
    }
    const runner = new SinkRunner(sink, this.#records, {
      scheduler: this.#scheduler,
      warn: this.#warn,
      deadLetter: (name, reason, records) => this.#writeDeadLetter(name, reason, records),
      extraJson: this.#extraJson,
    });
    // The name is taken again: the removed sink's final counts move to `name#n`, not away.
    this.#archiveRetired(sink.name);
    this.#runners.set(sink.name, runner);
    runner.start();
    this.#recomputeThreshold();
    return sink;
  }

  /**
   * Detaches one sink after it has written what it holds; resolves with its final report.
   * Asked again (by handle or name) while it drains, it resolves with the same report.
   */
  removeSink(sinkOrName: Sink | string, options: CompleteOptions = {}): Promise<SinkReport | undefined> {
    const name = typeof sinkOrName === "string" ? sinkOrName : sinkOrName.name;
    const runner = this.#runners.get(name);
    if (runner !== undefined && (typeof sinkOrName === "string" || runner.sink === sinkOrName)) {
      this.#runners.delete(name);
      this.#recomputeThreshold();
      runner.detach();
      const report = this.#drain(runner, options);
      this.#removals.set(name, { sink: runner.sink, report });
      return report;
    }
    const removal = this.#removals.get(name);
    if (removal !== undefined && (typeof sinkOrName === "string" || removal.sink === sinkOrName)) return removal.report;
    return Promise.resolve(undefined);
  }

  async #drain(runner: SinkRunner, options: CompleteOptions): Promise<SinkReport> {
    const name = runner.sink.name;
    await this.#settle([runner], options.timeoutMs ?? DEFAULT_COMPLETE_TIMEOUT_MS);
    const report = runner.counters.snapshot();
    this.#archiveRetired(name);
    this.#retired.set(name, report);
    this.#removals.delete(name);
    return report;
  }

  /** Moves a retired report off its plain name, to the first free `name#n`. */
  #archiveRetired(name: string): void {
    const report = this.#retired.get(name);
    if (report === undefined) return;
    this.#retired.delete(name);
    let n = 1;
    while (this.#retired.has(`${name}#${n}`) || this.#runners.has(`${name}#${n}`)) n++;
    this.#retired.set(`${name}#${n}`, report);
  }

  /** A floor for every logger of this tree, applied before the sinks' own levels. */
  setFloor(levelno: number): void {
    this.#floor = levelno;
    this.#recomputeThreshold();
  }

  /** Changes the level one sink takes records at; false when no sink has that name. */
  setSinkLevel(name: string, levelno: number): boolean {
    const runner = this.#runners.get(name);
    if (runner === undefined) return false;
    runner.minLevel = levelno;
    this.#recomputeThreshold();
    return true;
  }

  /** Calls `listener` with the new threshold each time it changes, from the next change on. */
  onThresholdChange(listener: (threshold: number) => void): void {
    this.#thresholdListeners.push(listener);
  }

  sinks(): Sink[] {
    return [...this.#runners.values()].map((runner) => runner.sink);
  }

  /** Graceful flush of everything; the same promise for every call. */
  complete(options: CompleteOptions = {}): Promise<DeliveryReport> {
    if (this.#completion) return this.#completion.then(() => this.report());
    this.#completed = true;
    this.#completion = (async () => {
      const runners = [...this.#runners.values()];
      // Called from a subscriber: the record being published first reaches every sink.
      if (this.#publishing) this.#endAfterPublish = true;
      else this.#records.complete();
      // Sinks removed but still draining: their reports belong in this one.
      await Promise.all([...this.#removals.values()].map((removal) => removal.report));
      await this.#settle(runners, options.timeoutMs ?? DEFAULT_COMPLETE_TIMEOUT_MS);
      await this.#released(runners);
      unregisterForExit(this);
      this.#resolveCompletion();
      return this.report();
    })();
    return this.#completion;
  }

  /** The counters now, for every sink attached or removed. */
  report(): DeliveryReport {
    const sinks: Record<string, SinkReport> = {};
    for (const [name, report] of this.#retired) sinks[name] = report;
    for (const [name, runner] of this.#runners) sinks[name] = runner.counters.snapshot();
    return Object.freeze({ sinks: Object.freeze(sinks) });
  }

  onProcessExit(): void {
    for (const runner of this.#runners.values()) {
      // Local sinks write synchronously on flush; remote ones cannot, so they dead-letter.
      if (runner.sink.remote) runner.abort("process exit before delivery");
      else runner.flushNow();
    }
  }

  /** Waits for the runners to finish, up to the deadline; then stops the rest hard. */
  async #settle(runners: readonly SinkRunner[], timeoutMs: number): Promise<void> {
    const pending = runners.filter((runner) => !runner.finished);
    if (pending.length === 0) return;
    await new Promise<void>((resolve) => {
      const stopAll = (): void => {
        // The deadline cut the delivery: a timeout, as the report's code says (ETIMEDOUT).
        for (const runner of pending) runner.abort(`deadline of ${timeoutMs} ms passed before delivery`, { code: "ETIMEDOUT" });
        resolve();
      };
      let deadline: { unsubscribe(): void };
      try {
        // Clamped: a deadline past what a timer can hold (Infinity too) must not fire at once.
        deadline = this.#scheduler.schedule(stopAll, timerDelay(timeoutMs));
      } catch (error) {
        // A custom scheduler that throws: no deadline can be kept, so stop now rather than hang.
        this.#warn(`the scheduler could not set complete()'s deadline, so the sinks were stopped at once: ${describeThrown(error)}`);
        stopAll();
        return;
      }
      void Promise.all(pending.map((runner) => runner.done)).then(() => {
        deadline.unsubscribe();
        resolve();
      });
    });
  }

  /** Waits (at most RELEASE_WAIT_MS) for sinks to close their sockets and pools. */
  async #released(runners: readonly SinkRunner[]): Promise<void> {
    const releases = runners.map((runner) => runner.sink.whenReleased?.()).filter((p) => p !== undefined);
    if (releases.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(releases).catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, RELEASE_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  /** Writes a remote sink's failed records to the dead-letter file; returns how many reached it. */
  #writeDeadLetter(sink: string, reason: string, records: readonly LogRecord[]): number {
    if (this.#deadLetter === null || records.length === 0) return 0;
    const note = { sink, reason, at: this.clock() };
    return this.#deadLetter.append(records.map((record) => formatDeadLetter(record, note)));
  }

  #flushAll(): void {
    for (const runner of this.#runners.values()) runner.flushNow();
  }

  /** Counts a record no sink will see as dropped, for every sink whose level takes it. */
  #countUnpublished(record: LogRecord, reason: DropReason): void {
    for (const runner of this.#runners.values()) {
      if (record.levelno >= runner.minLevel) runner.countDropped(reason);
    }
  }

  #recomputeThreshold(): void {
    let lowest = this.#observers > 0 ? Level.DEBUG : Number.POSITIVE_INFINITY;
    for (const runner of this.#runners.values()) lowest = Math.min(lowest, runner.minLevel);
    // One number for the level methods to compare against: the floor folded in here, not per call.
    const threshold = Math.max(lowest, this.#floor);
    if (threshold === this.threshold) return;
    this.threshold = threshold;
    for (const listener of this.#thresholdListeners) listener(threshold);
  }
}
