import { Observable } from "rxjs/internal/Observable";

/** One consumer of a {@link RecordFanout}: told each item, then the end. */
export interface FanoutListener<T> {
  next(item: T): void;
  complete(): void;
}

/** Where a sink runner takes its records from: a {@link RecordFanout}, or a stand-in in tests. */
export interface RecordSource<T> {
  /** Adds a listener from the next item on; returns its removal. After the end, completes it at once. */
  listen(listener: FanoutListener<T>): () => void;
}

/**
 * The logger's record stream: hands each record to every listener (the sink runners, the log$
 * subscribers), in the order they came. It is what an RxJS Subject did here, minus its cost per
 * record: rxjs 7's Node build allocates a closure for its error context and an iterator over
 * its observers in every `next`, and each runner took a record through three operators
 * (takeUntil, filter, tap) before its sink saw it. A runner listens directly instead.
 *
 * Listeners added or removed while an item is handed out take effect from the next item: the
 * list is replaced on change, never changed while it is walked. A listener that throws is not
 * caught here: a runner's listener cannot throw, and log$ subscribers are guarded upstream.
 */
export class RecordFanout<T> implements RecordSource<T> {
  /** Replaced, never mutated, so `next` walks a snapshot. */
  #listeners: ReadonlyArray<FanoutListener<T>> = [];
  #completed = false;

  /** Every item from subscription on, as an Observable; completes with the fan-out. */
  readonly observable: Observable<T> = new Observable<T>((subscriber) => this.listen(subscriber));

  listen(listener: FanoutListener<T>): () => void {
    if (this.#completed) {
      listener.complete();
      return () => undefined;
    }
    this.#listeners = [...this.#listeners, listener];
    let listening = true;
    return () => {
      if (!listening) return;
      listening = false;
      const at = this.#listeners.indexOf(listener);
      if (at >= 0) this.#listeners = [...this.#listeners.slice(0, at), ...this.#listeners.slice(at + 1)];
    };
  }

  next(item: T): void {
    if (this.#completed) return;
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i].next(item);
  }

  /** Ends the stream: every listener completes, and one added later completes at once. */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener.complete();
  }
}
