import type { Observer, Subscriber } from "rxjs";

/** The handlers a hand-written operator gives for its source; any may be left out. */
export interface OperatorHandlers<T> {
  readonly next?: (value: T) => void;
  readonly error?: (err: unknown) => void;
  readonly complete?: () => void;
}

/**
 * The observer every hand-written operator subscribes to its source with (the shape of rxjs's
 * internal `createOperatorSubscriber`, which is not public API). A throw in one of the
 * operator's own handlers becomes an error notification to `destination`, which the sink runner
 * counts and restarts from. Without it the throw lands in the source's safe subscriber, which
 * reports it from a timer as an uncaught exception: the host process dies.
 *
 * A throw from `next` or `complete` goes through the operator's own `error` handler when it has
 * one (so a stage that holds items, like a batch, hands them on before failing), else straight
 * to `destination`. Left-out handlers forward to `destination` unchanged.
 */
export function operatorObserver<T>(destination: Subscriber<unknown>, handlers: OperatorHandlers<T>): Observer<T> {
  const { next, error, complete } = handlers;
  const fail = (thrown: unknown): void => {
    if (error === undefined) return destination.error(thrown);
    try {
      error(thrown);
    } catch (again) {
      destination.error(again);
    }
  };
  return {
    next:
      next === undefined
        ? (value) => destination.next(value)
        : (value) => {
            try {
              next(value);
            } catch (thrown) {
              fail(thrown);
            }
          },
    error:
      error === undefined
        ? (err) => destination.error(err)
        : fail,
    complete:
      complete === undefined
        ? () => destination.complete()
        : () => {
            try {
              complete();
            } catch (thrown) {
              fail(thrown);
            }
          },
  };
}

/**
 * `callback` for work an operator runs later (a promise settling, a timer firing): what it
 * throws becomes an error notification to `destination`. Thrown there, it would be an unhandled
 * rejection or a timer's uncaught exception, and either ends the host process.
 */
export function guardCallback<A extends unknown[]>(destination: Subscriber<unknown>, callback: (...args: A) => void): (...args: A) => void {
  return (...args: A): void => {
    try {
      callback(...args);
    } catch (thrown) {
      destination.error(thrown);
    }
  };
}
