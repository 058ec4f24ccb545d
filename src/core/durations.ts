/**
 * The longest delay a Node timer honours. A larger one, Infinity included, fires after 1 ms
 * (Node warns with TimeoutOverflowWarning), so a "longer" deadline would deliver less.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A delay every timer can take: anything past {@link MAX_TIMER_MS} (about 24.8 days, Infinity
 * included) becomes MAX_TIMER_MS, NaN and negatives 0. Every flowlog timer goes through it, so a
 * duration a user sets is clamped rather than turned into "at once".
 */
export function timerDelay(ms: number): number {
  return ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0;
}
