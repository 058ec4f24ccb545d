import type { SchedulerAction, SchedulerLike } from "rxjs";
import { Subscription } from "rxjs/internal/Subscription";
import { asyncScheduler } from "rxjs/internal/scheduler/async";

/**
 * A scheduler that runs work with `setImmediate`, ignoring the delay: after the current
 * synchronous code and the I/O callbacks already due, without the ~1 ms floor of a 0 ms
 * `setTimeout`. For work handed off the caller's stack (a full batch to write), where "as soon
 * as the caller has returned" is the point and a timer's delay would only let more pile up.
 */
export const immediateScheduler: SchedulerLike = {
  now: () => Date.now(),
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, _delay = 0, state?: T): Subscription {
    return new ImmediateAction(work).schedule(state);
  },
};

class ImmediateAction<T> extends Subscription implements SchedulerAction<T> {
  /** The pending immediate, or null once it ran or was cancelled. */
  #immediate: NodeJS.Immediate | null = null;

  constructor(private readonly work: (this: SchedulerAction<T>, state?: T) => void) {
    super(() => this.#cancel());
  }

  schedule(state?: T): Subscription {
    if (this.closed) return this;
    this.#cancel();
    this.#immediate = setImmediate(() => {
      this.#immediate = null;
      this.work.call(this, state);
    });
    return this;
  }

  #cancel(): void {
    if (this.#immediate !== null) clearImmediate(this.#immediate);
    this.#immediate = null;
  }
}

/**
 * Schedules and cancels one no-op on {@link immediateScheduler}: the first time that code runs
 * it is compiled (the action, `setImmediate` and its async resource: about half of the first
 * alert's log call, measured with --cpu-prof), and without this the first run is inside the log
 * call that schedules the first hand-off. Runs nothing and leaves nothing scheduled. Only the
 * real scheduler has cold code worth priming: any other (a virtual one in tests) is left alone.
 */
export function primeImmediate(scheduler: SchedulerLike): void {
  if (scheduler === immediateScheduler) immediateScheduler.schedule(() => undefined).unsubscribe();
}

/** The scheduler for work handed off the caller's stack: setImmediate, or a virtual scheduler (tests) as given. */
export function offStackScheduler(scheduler: SchedulerLike): SchedulerLike {
  return scheduler === asyncScheduler ? immediateScheduler : scheduler;
}
