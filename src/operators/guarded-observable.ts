import type { Observer, Operator, Subscription, TeardownLogic } from "rxjs";
import { Observable } from "rxjs/internal/Observable";
import { Subscriber } from "rxjs/internal/Subscriber";

/**
 * An Observable whose subscribers cannot hurt anyone else. A throw in a subscriber's own
 * `next`, `error` or `complete`, and an error notification the subscriber has no handler for,
 * end that subscription only and go to `onThrow`; without this, RxJS reports them from a timer
 * as an uncaught exception and the host process dies.
 *
 * `lift` keeps the class (the documented way to subclass an Observable in RxJS 7), so the same
 * holds through `pipe(...)`: `log.log$.pipe(map(f)).subscribe(g)` is guarded where `g` is called.
 * Subscribers that are RxJS operator stages (a `Subscriber`) pass through unwrapped: the
 * operators catch what their functions throw themselves, and wrapping them would cut the
 * unsubscribe chain.
 */
export class GuardedObservable<T> extends Observable<T> {
  readonly #onThrow: (thrown: unknown) => void;

  constructor(subscribe: ((subscriber: Subscriber<T>) => TeardownLogic) | undefined, onThrow: (thrown: unknown) => void) {
    super(subscribe);
    this.#onThrow = onThrow;
  }

  /** `source`, guarded: every subscriber's trouble goes to `onThrow`. */
  static from<T>(source: Observable<T>, onThrow: (thrown: unknown) => void): GuardedObservable<T> {
    return new GuardedObservable<T>((subscriber) => source.subscribe(subscriber), onThrow);
  }

  override lift<R>(operator?: Operator<T, R>): Observable<R> {
    const lifted = new GuardedObservable<R>(undefined, this.#onThrow);
    lifted.source = this;
    lifted.operator = operator;
    return lifted;
  }

  override subscribe(
    observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null,
    error?: ((err: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription {
    if (observerOrNext instanceof Subscriber) return super.subscribe(observerOrNext);
    const observer: Partial<Observer<T>> =
      typeof observerOrNext === "function" || observerOrNext == null
        ? { next: observerOrNext ?? undefined, error: error ?? undefined, complete: complete ?? undefined }
        : observerOrNext;
    const onThrow = this.#onThrow;
    // Set once a callback has thrown: nothing more reaches this subscriber.
    let broken = false;
    let subscription: Subscription | undefined;
    const breakOff = (thrown: unknown): void => {
      if (broken) return;
      broken = true;
      subscription?.unsubscribe();
      onThrow(thrown);
    };
    subscription = super.subscribe({
      next: (value) => {
        if (broken) return;
        try {
          observer.next?.(value);
        } catch (thrown) {
          breakOff(thrown);
        }
      },
      error: (err: unknown) => {
        if (broken) return;
        if (observer.error === undefined) return breakOff(err);
        try {
          observer.error(err);
        } catch (thrown) {
          breakOff(thrown);
        }
      },
      complete: () => {
        if (broken) return;
        try {
          observer.complete?.();
        } catch (thrown) {
          breakOff(thrown);
        }
      },
    });
    // A callback threw during a synchronous emission, before `subscription` was known.
    if (broken) subscription.unsubscribe();
    return subscription;
  }
}
