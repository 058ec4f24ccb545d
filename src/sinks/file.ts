import type { Observable } from "rxjs";
import { defer } from "rxjs/internal/observable/defer";
import { finalize } from "rxjs/internal/operators/finalize";
import { cachedFormatterFor, cachedEncoderFor, CSV_HEADER, type Format } from "../format/index.js";
import { FormatCache } from "../format/format-cache.js";
import { warmUpEncoder } from "../format/warm-up.js";
import { refuseSpecialAppendTarget } from "../io/append-target.js";
import { FileAppender } from "../io/file-appender.js";
import { toLevelNumber, Level, type LevelLike } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { FlowlogSinkError } from "../core/errors.js";
import { checkNumberOption } from "./check-option.js";
import { deliveryPipeline, type BatchingOptions } from "./pipeline.js";
import type { Sink, SinkContext } from "./sink.js";
import type { DeliveryEvent } from "../core/delivery.js";

export interface FileSinkOptions {
  /** `text` (default), `json` (NDJSON), `csv` or `markdown`. */
  readonly format?: Format;
  readonly minLevel?: LevelLike;
  /** Name in the delivery report; defaults to `file_<format>`. */
  readonly name?: string;
  /** Rotate before the file would pass this many bytes; 0 (default) never rotates. */
  readonly maxBytes?: number;
  /** Rotated files kept (`app.log.1` ... `.N`); default 5. */
  readonly backupCount?: number;
  /** Batch window in ms (default 50) and size (default 2048 records). */
  readonly batchMs?: number;
  readonly maxBatch?: number;
  /** Records waiting to be written beyond which the lowest levels are shed (default 100,000). */
  readonly maxQueue?: number;
}

const WHOLE_FROM_0 = { min: 0, integer: true } as const;
const FORMATS: readonly Format[] = ["text", "json", "csv", "markdown"];

/**
 * Writes records to a file in one of four formats, appending, with optional size rotation.
 * Batches are formatted and written off the caller's stack; see FileAppender for why the
 * write itself is synchronous.
 */
export class FileSink implements Sink {
  readonly name: string;
  readonly minLevel: number;
  readonly remote = false;
  readonly path: string;
  readonly format: Format;
  readonly #appenderOptions: { maxBytes: number; backupCount: number; header?: string };
  readonly #batching: BatchingOptions;

  constructor(path: string, options: FileSinkOptions = {}) {
    const format = options.format ?? "text";
    if (!FORMATS.includes(format)) {
      throw new FlowlogSinkError(`FileSink format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
    }
    if (typeof path !== "string" || path.length === 0) throw new FlowlogSinkError("FileSink needs a file path");
    // A FIFO, socket or block device is refused now, with its name, rather than at the first write.
    refuseSpecialAppendTarget(path, "FileSink path");
    this.path = path;
    this.format = format;
    this.name = options.name ?? `file_${format}`;
    this.minLevel = toLevelNumber(options.minLevel ?? Level.DEBUG);
    this.#appenderOptions = {
      maxBytes: checkNumberOption(options.maxBytes ?? 0, "FileSink maxBytes", WHOLE_FROM_0),
      backupCount: checkNumberOption(options.backupCount ?? 5, "FileSink backupCount", WHOLE_FROM_0),
      header: format === "csv" ? CSV_HEADER : undefined,
    };
    this.#batching = {
      batchMs: options.batchMs ?? 50,
      maxBatch: options.maxBatch ?? 2048,
      maxQueue: options.maxQueue ?? 100_000,
      concurrency: 1,
      handOff: true,
    };
  }

  connect(records$: Observable<LogRecord>, context: SinkContext): Observable<DeliveryEvent> {
    return defer(() => {
      const appender = new FileAppender(this.path, this.#appenderOptions);
      // Markdown renders `extra` its own way; the other three share one serialisation of it
      // with the logger's other file sinks, through the logger's memo.
      const shared = this.format === "markdown" ? undefined : context.extraJson;
      const unshare = shared === undefined ? () => {} : shared.share();
      // This sink's own memo of what the previous record's line already worked out.
      const cache = new FormatCache(shared);
      const format = cachedFormatterFor(this.format, cache);
      // CSV rows and text lines are encoded straight into the write buffer (see csv-encode.ts).
      const encode = cachedEncoderFor(this.format, cache);
      // Compiled now, not in the log call that first helps write a burst (see warm-up.ts).
      warmUpEncoder(this.format);
      const deliver =
        encode === undefined
          ? (records: readonly LogRecord[]): void => appender.appendFormatted(records, format)
          : (records: readonly LogRecord[]): void => appender.appendEncoded(records, encode, format);
      return records$.pipe(
        deliveryPipeline(context, this.#batching, { deliver }),
        finalize(() => {
          unshare();
          closeQuietly(appender);
        }),
      );
    });
  }
}

function closeQuietly(appender: FileAppender): void {
  try {
    appender.close();
  } catch {
    // Closing a descriptor whose disk vanished has nothing left to report: writes already counted.
  }
}
