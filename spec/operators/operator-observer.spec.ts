import { expect } from "chai";
import { Observable, Subject, asyncScheduler, of, type SchedulerLike } from "rxjs";
import { boundedDelivery } from "../../src/sinks/record-operators.js";
import { coalesceAlerts } from "../../src/sinks/record-operators.js";
import { flushableBatch } from "../../src/operators/flushable-batch.js";
import { guardCallback, operatorObserver } from "../../src/operators/operator-observer.js";
import { record } from "./test-records.js";

/** A scheduler whose schedule() throws: the operators call it from inside their `next`. */
const brokenScheduler: SchedulerLike = {
  now: () => asyncScheduler.now(),
  schedule: () => {
    throw new Error("scheduler is broken");
  },
};

/** Subscribes and returns what reached each channel, synchronously. */
function channels<T>(output$: Observable<T>): { values: T[]; errors: unknown[]; completed: boolean } {
  const seen = { values: [] as T[], errors: [] as unknown[], completed: false };
  output$.subscribe({ next: (value) => seen.values.push(value), error: (err) => seen.errors.push(err), complete: () => (seen.completed = true) });
  return seen;
}

describe("operatorObserver (the observer every hand-written operator subscribes with)", () => {
  it("turns a throw in next into the destination's error notification, and stops taking values", () => {
    const source = new Subject<number>();
    const taken: number[] = [];
    const seen = channels(
      new Observable<number>((subscriber) => {
        subscriber.add(
          source.subscribe(
            operatorObserver(subscriber, {
              next: (value: number) => {
                taken.push(value);
                if (value === 2) throw new Error("bug in next");
                subscriber.next(value);
              },
            }),
          ),
        );
      }),
    );
    source.next(1);
    source.next(2);
    source.next(3);
    expect(seen.values).to.deep.equal([1]);
    expect(taken).to.deep.equal([1, 2]);
    expect(seen.errors.map((err) => (err as Error).message)).to.deep.equal(["bug in next"]);
    expect(source.observed).to.equal(false);
  });

  it("forwards error and complete by default, and a throwing complete handler becomes an error", () => {
    const forwarded = channels(new Observable<number>((subscriber) => of(1).subscribe(operatorObserver(subscriber, { next: (v: number) => subscriber.next(v) }))));
    expect(forwarded).to.deep.equal({ values: [1], errors: [], completed: true });
    const failing = channels(
      new Observable<number>((subscriber) =>
        of(1).subscribe(
          operatorObserver(subscriber, {
            next: () => undefined,
            complete: () => {
              throw new Error("bug in complete");
            },
          }),
        ),
      ),
    );
    expect(failing.completed).to.equal(false);
    expect(failing.errors.map((err) => (err as Error).message)).to.deep.equal(["bug in complete"]);
  });

  it("guardCallback sends what work run later (a promise callback, a timer) throws to the error channel", () => {
    const seen = channels(
      new Observable<number>((subscriber) => {
        guardCallback(subscriber, () => {
          throw new Error("bug in later work");
        })();
      }),
    );
    expect(seen.errors.map((err) => (err as Error).message)).to.deep.equal(["bug in later work"]);
  });

  it("boundedDelivery: a throw while a settled delivery starts the next one is an error notification, not an unhandled rejection", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const output$ = of([record(1), record(2), record(3)]).pipe(
        boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 1, deliverTimeoutMs: 1000, scheduler: brokenScheduler, deliver: () => Promise.resolve() }),
      );
      const seen = channels(output$);
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(seen.errors.map((err) => (err as Error).message)).to.deep.equal(["scheduler is broken"]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    expect(rejections).to.deep.equal([]);
  });

  describe("every hand-written operator: a throw inside its next reaches its error channel, not the host", () => {
    it("flushableBatch", () => {
      const seen = channels(of(record(1)).pipe(flushableBatch({ timeMs: 10, maxCount: 5, scheduler: brokenScheduler })));
      expect(seen.errors.map((err) => (err as Error).message)).to.deep.equal(["scheduler is broken"]);
    });

    it("coalesceAlerts", () => {
      const seen = channels(of(record(1, "ERROR")).pipe(coalesceAlerts({ windowMs: 1000, scheduler: brokenScheduler })));
      expect(seen.values).to.have.length(1);
      expect(seen.errors.map((err) => (err as Error).message)).to.deep.equal(["scheduler is broken"]);
    });

    it("boundedDelivery", async () => {
      const output$ = of([record(1)]).pipe(
        boundedDelivery({
          maxQueue: 10,
          concurrency: 1,
          maxBatch: 10,
          deliverTimeoutMs: 1000,
          scheduler: brokenScheduler,
          deliver: () => Promise.resolve(),
        }),
      );
      const seen = channels(output$);
      // Passed on once what was in flight has settled (boundedDelivery drains before it errors).
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen.errors.map((err) => (err as Error).message)).to.deep.equal(["scheduler is broken"]);
    });
  });
});
