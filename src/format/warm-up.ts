/**
 * A file format's encoder run once on a sample record, the output thrown away, when a sink
 * connects. The first call of a function is compiled then (V8 compiles lazily), and the
 * encoders and everything under them are many functions: without this, that compiling ran
 * inside the first log call that helps write a burst (call 2,049 of the latency case: the
 * JSON encoder's part of it 3-9 ms for 64 records, 1-2 ms after a warm-up). It changes no
 * output: the sample goes through a cache of its own, never the sink's.
 */
import { Level } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { FormatCache } from "./format-cache.js";
import { cachedEncoderFor, type Format } from "./index.js";

/** Shaped like a log call's record (same keys, same order, frozen), with a typical `extra`. */
export const WARM_UP_SAMPLE: LogRecord = Object.freeze({
  time: Date.UTC(2026, 0, 1, 12, 0, 0, 123),
  level: "INFO",
  levelno: Level.INFO,
  logger: "flowlog",
  msg: "warm-up",
  extra: Object.freeze({ route: "/warm-up", status: 200, duration_ms: 1.5 }),
  exc: undefined,
});

/** Room for the sample's line in any format. */
const SAMPLE_BYTES = 1024;

/**
 * Runs `format`'s encoder once on {@link WARM_UP_SAMPLE} into a buffer of its own: the bytes it
 * encoded (thrown away), or -1 when the format has no encoder (markdown: written as text).
 */
export function warmUpEncoder(format: Format): number {
  const encode = cachedEncoderFor(format, new FormatCache());
  return encode === undefined ? -1 : encode(WARM_UP_SAMPLE, Buffer.allocUnsafe(SAMPLE_BYTES), 0);
}
