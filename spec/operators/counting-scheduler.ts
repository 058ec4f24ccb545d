import type { SchedulerLike, Subscription } from "rxjs";

/** How many timers an operator asked for, and how many it still holds. */
export interface TimerCounts {
  scheduled: number;
  live: number;
}

/**
 * Wraps a scheduler (a TestScheduler in these specs) and counts the timers scheduled through it
 * and those not yet unsubscribed: "an idle operator holds no timer" becomes `live === 0`.
 */
export function countingScheduler(inner: SchedulerLike): { scheduler: SchedulerLike; counts: TimerCounts } {
  const counts: TimerCounts = { scheduled: 0, live: 0 };
  const scheduler = {
    now: () => inner.now(),
    schedule: (work: never, delay?: number, state?: unknown): Subscription => {
      counts.scheduled++;
      counts.live++;
      const subscription = inner.schedule(work, delay, state);
      subscription.add(() => counts.live--);
      return subscription;
    },
  } as SchedulerLike;
  return { scheduler, counts };
}
