import { defer, type Observable } from "rxjs";
import { formatTerminal } from "../format/terminal.js";
import { Level, toLevelNumber, type LevelLike } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
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
      const deliver = (records: readonly LogRecord[], signal: AbortSignal): void | Promise<void> => {
        // Consecutive records bound for the same stream share one write; order is kept.
        const full = new Set<NodeJS.WritableStream>();
        const write = (stream: NodeJS.WritableStream, text: string): void => {
          if (!stream.write(text)) full.add(stream);
        };
        let text = "";
        let toStderr = false;
        for (const record of records) {
          const forStderr = record.levelno >= this.stderrLevel;
          if (forStderr !== toStderr && text) {
            write(toStderr ? streams.stderr : streams.stdout, text);
            text = "";
          }
          toStderr = forStderr;
          text += formatTerminal(record, { colors: forStderr ? errColors : outColors });
        }
        if (text) write(toStderr ? streams.stderr : streams.stdout, text);
        // A full stream (a pipe nobody reads): the next batch waits for 'drain' in the bounded
        // queue, where the lowest levels are shed and counted, instead of piling up in the
        // stream's unbounded buffer.
        if (full.size > 0) return Promise.all([...full].map((stream) => drained(stream, signal))).then(() => undefined);
      };
      return records$.pipe(deliveryPipeline(context, this.#batching, { deliver }));
    });
  }
}

/** Resolves on the stream's 'drain', or when the delivery is aborted (hard stop). */
function drained(stream: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      stream.off("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    stream.on("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
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
