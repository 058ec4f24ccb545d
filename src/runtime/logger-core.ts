import { asyncScheduler, defer, finalize, Subject, type Observable, type SchedulerLike } from "rxjs";
import { FlowlogSinkError, LoggerCompletedError } from "../core/errors.js";
import { formatDeadLetter } from "../format/dead-letter.js";
import { DeadLetterFile } from "../io/dead-letter.js";
import { Level } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import type { Sink } from "../sinks/sink.js";
import { processIsExiting, registerForExit, unregisterForExit, type ExitParticipant } from "./exit-hook.js";
import type { DeliveryReport, SinkReport } from "./sink-report.js";
import { SinkRunner } from "./sink-runner.js";

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
 * The state one logger and all its children share: the record subject, the sinks and their
 * runners, the level threshold, and the way out (complete, exit hook).
 */
export class LoggerCore implements ExitParticipant {
  /** The lowest level anything wants; level methods compare against it before allocating. */
  threshold = Number.POSITIVE_INFINITY;
  readonly clock: () => number;
  readonly log$: Observable<LogRecord>;
  readonly #scheduler: SchedulerLike;
  readonly #records = new Subject<LogRecord>();
  readonly #runners = new Map<string, SinkRunner>();
  /** Final reports of sinks removed before completion, so complete() still shows them. */
  readonly #retired = new Map<string, SinkReport>();
  readonly #warn: (message: string) => void;
  readonly #deadLetter: DeadLetterFile | null;
  /** Subscribers of log$: while there are any, every level is made. */
  #observers = 0;
  /** setLevel's floor: nothing below it is made, whatever the sinks want. */
  #floor = Number.NEGATIVE_INFINITY;
  #completion: Promise<DeliveryReport> | null = null;
  #completed = false;

  constructor(options: CoreOptions) {
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.clock = options.clock ?? Date.now;
    this.#deadLetter = options.deadLetterPath === null ? null : new DeadLetterFile(options.deadLetterPath);
    this.#warn = options.onWarning ?? ((message) => process.stderr.write(`flowlog: ${message}\n`));
    this.completion = new Promise<void>((resolve) => (this.#resolveCompletion = resolve));
    const shared = this.#records.asObservable();
    this.log$ = defer(() => {
      this.#observers++;
      this.#recomputeThreshold();
      return shared.pipe(
        finalize(() => {
          this.#observers--;
          this.#recomputeThreshold();
        }),
      );
    });
    registerForExit(this);
  }

  /** Resolves when complete() has finished (whoever called it). */
  readonly completion: Promise<void>;
  #resolveCompletion!: () => void;

  get completed(): boolean {
    return this.#completed;
  }

  /** Hands one record to every sink. Never throws: the caller's code must not pay for a sink's bug. */
  publish(record: LogRecord): void {
    if (this.#completed) {
      this.#countAfterComplete(record);
      return;
    }
    try {
      this.#records.next(record);
    } catch (error) {
      this.#warn(`a subscriber of log$ threw: ${String(error)}`);
    }
    // During 'exit' nothing asynchronous runs again: write each record now.
    if (processIsExiting()) this.#flushAll();
  }

  addSink(sink: Sink): Sink {
    if (this.#completed) throw new LoggerCompletedError("addSink");
    if (this.#runners.has(sink.name)) {
      throw new FlowlogSinkError(`a sink named "${sink.name}" is already attached; give the new one another name`);
    }
    const runner = new SinkRunner(sink, this.#records.asObservable(), {
      scheduler: this.#scheduler,
      warn: this.#warn,
      deadLetter: (name, reason, records) => this.#writeDeadLetter(name, reason, records),
    });
    this.#runners.set(sink.name, runner);
    this.#retired.delete(sink.name);
    runner.start();
    this.#recomputeThreshold();
    return sink;
  }

  /** Detaches one sink after it has written what it holds; resolves with its final report. */
  async removeSink(sinkOrName: Sink | string, options: CompleteOptions = {}): Promise<SinkReport | undefined> {
    const name = typeof sinkOrName === "string" ? sinkOrName : sinkOrName.name;
    const runner = this.#runners.get(name);
    if (!runner || (typeof sinkOrName !== "string" && runner.sink !== sinkOrName)) return undefined;
    this.#runners.delete(name);
    this.#recomputeThreshold();
    runner.detach();
    await this.#settle([runner], options.timeoutMs ?? DEFAULT_COMPLETE_TIMEOUT_MS);
    const report = runner.counters.snapshot();
    this.#retired.set(name, report);
    return report;
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

  sinks(): Sink[] {
    return [...this.#runners.values()].map((runner) => runner.sink);
  }

  /** Graceful flush of everything; the same promise for every call. */
  complete(options: CompleteOptions = {}): Promise<DeliveryReport> {
    if (this.#completion) return this.#completion.then(() => this.report());
    this.#completed = true;
    this.#completion = (async () => {
      const runners = [...this.#runners.values()];
      this.#records.complete();
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
      const deadline = this.#scheduler.schedule(() => {
        for (const runner of pending) runner.abort(`deadline of ${timeoutMs} ms passed before delivery`);
        resolve();
      }, Math.max(0, timeoutMs));
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

  #countAfterComplete(record: LogRecord): void {
    for (const runner of this.#runners.values()) {
      if (record.levelno >= runner.minLevel) runner.countDropped("after_complete");
    }
  }

  #recomputeThreshold(): void {
    let lowest = this.#observers > 0 ? Level.DEBUG : Number.POSITIVE_INFINITY;
    for (const runner of this.#runners.values()) lowest = Math.min(lowest, runner.minLevel);
    // One number for the level methods to compare against: the floor folded in here, not per call.
    this.threshold = Math.max(lowest, this.#floor);
  }
}
