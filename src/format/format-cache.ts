import type { LogRecord } from "../core/record.js";
import type { ExtraJsonMemo, ExtraJsonReader } from "./extra-json.js";
import { JsonBytesOut } from "../serialize/index.js";

/** The formats whose line head a FormatCache keeps. */
type HeadFormat = "text" | "csv" | "json";

/**
 * What one sink's formatter remembers from the records before, to skip work they already did.
 *
 * format/ keeps no state of its own (spec/format/stateless.spec.ts checks it): a sink makes its
 * cache when it connects (sinks/file.ts, sinks/terminal.ts) and passes it to the `...Cached`
 * formatters, so two sinks, or two loggers, never see each other's. The text never depends on
 * it: a fresh cache gives the same output as a warm one, only slower
 * (spec/format/format-cache.spec.ts).
 */
export class FormatCache implements ExtraJsonReader {
  /** time.ts: the whole second (epoch seconds) whose ISO text is kept; NaN until the first time. */
  second = Number.NaN;
  /** time.ts: that second's ISO text without its "mmmZ" tail, e.g. "2026-11-24T09:12:54.". */
  secondPrefix = "";
  /** time.ts: the bytes of secondPrefix (ASCII), which encoders copy instead of encoding the text. */
  secondPrefixBytes: Uint8Array = new Uint8Array(0);
  /**
   * text.ts, csv.ts and json.ts: the last level, logger name and message seen, and the part of
   * the line or row they make, after the time (a burst from one call site repeats all three: one
   * concatenation a record instead of escaping and joining each). Read through {@link headTailOf}.
   */
  #headFormat: HeadFormat | undefined = undefined;
  #level: string | undefined = undefined;
  #levelno = Number.NaN;
  #loggerName: string | undefined = undefined;
  #msg: string | undefined = undefined;
  #headTail = "";
  /** The bytes (UTF-8) of a head tail, and the one they encode: see {@link headTailBytesOf}. */
  #headTailBytes: Uint8Array = new Uint8Array(0);
  #bytesOf: string | undefined = undefined;
  /**
   * extra-json.ts: the memo of `extra` texts this sink shares with its logger's other file
   * sinks (made by the logger, see runtime/logger-core.ts); undefined when it shares none.
   */
  readonly extra: ExtraJsonMemo | undefined;
  /** extra-json.ts: where this sink stands in that memo; NaN until its first `extra`. */
  extraCursor = Number.NaN;
  /** json-encode.ts: where a record's `extra` is written straight into the write buffer. */
  readonly jsonBytes = new JsonBytesOut();

  constructor(extra?: ExtraJsonMemo) {
    this.extra = extra;
  }

  /**
   * The part of `format`'s line that `record`'s level, logger and message make: the one kept
   * from the record before when all three (and the format) are the same, else `build(record)`.
   */
  headTailOf(format: HeadFormat, record: LogRecord, build: (record: LogRecord) => string): string {
    const { level, levelno, logger, msg } = record;
    if (format !== this.#headFormat || level !== this.#level || levelno !== this.#levelno || logger !== this.#loggerName || msg !== this.#msg) {
      this.#headTail = build(record);
      this.#headFormat = format;
      this.#level = level;
      this.#levelno = levelno;
      this.#loggerName = logger;
      this.#msg = msg;
    }
    return this.#headTail;
  }

  /**
   * {@link headTailOf} as its UTF-8 bytes, for encoders that write into a buffer: encoded once
   * for a burst from one call site, then copied, instead of encoded (and first joined to the
   * time as one new string) on every record.
   */
  headTailBytesOf(format: HeadFormat, record: LogRecord, build: (record: LogRecord) => string): Uint8Array {
    const text = this.headTailOf(format, record, build);
    if (text !== this.#bytesOf) {
      this.#headTailBytes = Buffer.from(text);
      this.#bytesOf = text;
    }
    return this.#headTailBytes;
  }
}
