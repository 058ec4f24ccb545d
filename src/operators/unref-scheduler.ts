import type { SchedulerAction, SchedulerLike } from "rxjs";
import { Subscription } from "rxjs/internal/Subscription";
import { timerDelay } from "../core/durations.js";

/**
 * A scheduler whose timers do not keep the process alive (`setTimeout(...).unref()`).
 *
 * For timers that only tidy up, like the end of an alert-coalescing window: a script that logs
 * one error and ends must not linger for the window's 60 s. If the process does end first, the
 * exit hook accounts for what the window held. Batch timers stay on the ordinary scheduler, so
 * a pending alert is still sent before a natural exit.
 */
export const unrefScheduler: SchedulerLike = {
  now: () => Date.now(),
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new UnrefAction(work).schedule(state, delay);
  },
};

class UnrefAction<T> extends Subscription implements SchedulerAction<T> {
  /** The pending timer, or null once it ran or was cancelled. */
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly work: (this: SchedulerAction<T>, state?: T) => void) {
    super(() => this.#cancel());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.#cancel();
    const timer = setTimeout(() => {
      this.#timer = null;
      this.work.call(this, state);
    }, timerDelay(delay));
    timer.unref();
    this.#timer = timer;
    return this;
  }

  /** True while a timer is pending (for tests). */
  get pending(): boolean {
    return this.#timer !== null;
  }

  #cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
