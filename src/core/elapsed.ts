/**
 * Milliseconds on a monotonic clock, for timing a write ("held the event loop for N ms").
 *
 * Not `performance.now()`: the `performance` global loads `perf_hooks` on first use (about 2 ms
 * of module loading), and the first timed write can run inside a log call.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
