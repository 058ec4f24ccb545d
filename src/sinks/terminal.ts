import type { Observable } from "rxjs";
import { defer } from "rxjs/internal/observable/defer";
import { FormatCache } from "../format/format-cache.js";
import { formatTerminalCached } from "../format/terminal.js";
import { Level, toLevelNumber, type LevelLike } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { brokenBy, guardedWrite } from "../io/guarded-write.js";
import type { DeliveryResult } from "./record-operators.js";
import { deliveryPipeline, type BatchingOptions } from "./pipeline.js";
import type { Sink, SinkContext } from "./sink.js";
import type { DeliveryEvent } from "../core/delivery.js";

/** The two streams a terminal sink writes to; process.stdout and process.stderr by default. */
export interface TerminalStreams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface TerminalSinkOptions {
  readonly minLevel?: LevelLike;
  /** Records at or above this level go to stderr (default ERROR). */
  readonly stderrLevel?: LevelLike;
  /** true, false, or "auto" (default): NO_COLOR disables, FORCE_COLOR enables, else colour on a TTY. */
  readonly colors?: boolean | "auto";
  readonly name?: string;
  readonly streams?: TerminalStreams;
  /** Environment read for NO_COLOR / FORCE_COLOR (default process.env). */
  readonly env?: Record<string, string | undefined>;
  /** Batch window in ms (default 10: a terminal should feel immediate) and size (default 512). */
  readonly batchMs?: number;
  readonly maxBatch?: number;
  /**
   * Records waiting while the stream is full (a pipe nobody reads) beyond which the lowest levels
   * are shed; default 10,000. The stream's own buffer holds at most one batch past its mark.
   */
  readonly maxQueue?: number;
}

/** Colour by level to stdout, ERROR and above to stderr. */
export class TerminalSink implements Sink {
  readonly name: string;
  readonly minLevel: number;
  readonly remote = false;
  readonly stderrLevel: number;
  readonly #streams: TerminalStreams | undefined;
  readonly #colorSetting: boolean | "auto";
  readonly #env: Record<string, string | undefined>;
  readonly #batching: BatchingOptions;

  constructor(options: TerminalSinkOptions = {}) {
    this.name = options.name ?? "terminal";
    this.minLevel = toLevelNumber(options.minLevel ?? Level.DEBUG);
    this.stderrLevel = toLevelNumber(options.stderrLevel ?? Level.ERROR);
    this.#streams = options.streams;
    this.#colorSetting = options.colors ?? "auto";
    this.#env = options.env ?? process.env;
    this.#batching = {
      batchMs: options.batchMs ?? 10,
      maxBatch: options.maxBatch ?? 512,
      maxQueue: options.maxQueue ?? 10_000,
      concurrency: 1,
    };
  }

  connect(records$: Observable<LogRecord>, context: SinkContext): Observable<DeliveryEvent> {
    return defer(() => {
      // Resolved on subscribe, not at import: tests and hosts may swap process.stdout.
      const streams = this.#streams ?? { stdout: process.stdout, stderr: process.stderr };
      const outColors = wantsColor(this.#colorSetting, streams.stdout, this.#env);
      const errColors = wantsColor(this.#colorSetting, streams.stderr, this.#env);
      const cache = new FormatCache();
      const deliver = (records: readonly LogRecord[], signal: AbortSignal): DeliveryResult | undefined | Promise<DeliveryResult | undefined> => {
        // Consecutive records bound for the same stream share one write; order is kept.
        const writes: StreamWrite[] = [];
        let current: StreamWrite | undefined;
        for (const record of records) {
          const toStderr = record.levelno >= this.stderrLevel;
          if (current === undefined || current.toStderr !== toStderr) {
            current = { toStderr, stream: toStderr ? streams.stderr : streams.stdout, text: "", records: [] };
            writes.push(current);
          }
          current.text += formatTerminalCached(record, { colors: toStderr ? errColors : outColors }, cache);
          current.records.push(record);
        }
        return writeAll(writes, signal);
      };
      return records$.pipe(deliveryPipeline(context, this.#batching, { deliver }));
    });
  }
}

/** One stream's share of a batch: written in one call, failed together. */
interface StreamWrite {
  readonly toStderr: boolean;
  readonly stream: NodeJS.WritableStream;
  text: string;
  readonly records: LogRecord[];
}

/**
 * Writes each share and settles synchronously when the streams took every write (below their
 * high-water mark), otherwise once the waiting writes have called back. That wait is the
 * backpressure: on a full pipe the callback comes when the pipe has taken the text, so the next
 * batch waits in the bounded queue (where the lowest levels are shed and counted), not in the
 * stream's unbounded buffer. A share whose stream is broken (EPIPE, EBADF, destroyed) fails its
 * records with one stable message per stream and cause, so the runner warns once; the other
 * stream and the other sinks carry on. A hard stop (signal) settles at once: the runner
 * accounts for what was in flight.
 */
function writeAll(writes: readonly StreamWrite[], signal: AbortSignal): DeliveryResult | undefined | Promise<DeliveryResult | undefined> {
  const failed: LogRecord[] = [];
  let error: string | undefined;
  let waiting = writes.length;
  let finish: (() => void) | undefined;
  const fail = (write: StreamWrite, cause: Error): void => {
    failed.push(...write.records);
    error ??= brokenStreamMessage(write.toStderr ? "stderr" : "stdout", cause);
  };
  for (const write of writes) {
    const broken = brokenBy(write.stream);
    if (broken !== undefined) {
      fail(write, broken);
      waiting--;
      continue;
    }
    let settled = false;
    const accepted = guardedWrite(write.stream, write.text, (cause) => {
      // Already counted when write() took it: a late error only marks the stream broken.
      if (settled) return;
      settled = true;
      if (cause !== undefined) fail(write, cause);
      if (--waiting === 0) finish?.();
    });
    // Taken below the high-water mark: delivered now, synchronously, which the exit path needs
    // (no callback comes during 'exit'). Only a full or failing stream is waited for.
    if (accepted && !settled) {
      settled = true;
      waiting--;
    }
  }
  const result = (): DeliveryResult | undefined => (failed.length === 0 ? undefined : { failed, error });
  if (waiting === 0) return result();
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(result());
    finish = () => {
      signal.removeEventListener("abort", onAbort);
      resolve(result());
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Stable for a stream and cause (the runner warns once per message), and says what it means. */
function brokenStreamMessage(stream: "stdout" | "stderr", cause: Error): string {
  const code = (cause as NodeJS.ErrnoException).code ?? cause.name;
  return `${stream} is closed or broken (${code}): the terminal sink's records for it count as failed, the other sinks go on`;
}

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR (anything but "0"), then the TTY. */
export function wantsColor(
  setting: boolean | "auto",
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>,
): boolean {
  if (setting !== "auto") return setting;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return stream.isTTY === true;
}
