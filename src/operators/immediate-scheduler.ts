import type { SchedulerAction, SchedulerLike } from "rxjs";
import { Subscription } from "rxjs/internal/Subscription";

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
