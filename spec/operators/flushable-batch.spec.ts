import { expect } from "chai";
import { Subject, mergeMap, of } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { flushableBatch } from "../../src/operators/flushable-batch.js";
import { countingScheduler } from "./counting-scheduler.js";

/** Defaults for the marble tests: a long count limit, so only time or flush$ emits. */
const TEN_MS = { timeMs: 10, maxCount: 100 };

describe("flushableBatch", () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  describe("time", () => {
    it("starts the timer on the first item: two items 5 frames apart make one batch 10 frames after the first", () => {
      testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
        const e1 = hot('  -a----b------------|');
        const e1subs = '  ^------------------!';
        const expected = '-----------x-------|';

        expectObservable(e1.pipe(flushableBatch(TEN_MS))).toBe(expected, { x: ["a", "b"] });
        expectSubscriptions(e1.subscriptions).toBe(e1subs);
      });
    });

    it("never ticks while idle: one timer per batch, none held between batches, no empty arrays", () => {
      const { scheduler, counts } = countingScheduler(testScheduler);
      const liveAt: Record<number, number> = {};
      testScheduler.run(({ hot, expectObservable }) => {
        const e1 = hot('  a 99ms b 999ms |');
        const expected = '10ms x 99ms y 989ms |';
        for (const frame of [5, 50, 105, 500]) {
          testScheduler.schedule(() => (liveAt[frame] = counts.live), frame);
        }

        expectObservable(e1.pipe(flushableBatch({ ...TEN_MS, scheduler }))).toBe(expected, { x: ["a"], y: ["b"] });
      });
      expect(counts.scheduled).to.equal(2);
      expect(liveAt).to.deep.equal({ 5: 1, 50: 0, 105: 1, 500: 0 });
      expect(counts.live).to.equal(0);
    });

    it("uses asyncScheduler by default (virtual inside run)", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold('ab 20ms |').pipe(flushableBatch(TEN_MS))).toBe('10ms x 11ms |', { x: ["a", "b"] });
      });
    });

    it("emits every item at once, alone, when timeMs <= 0, and schedules nothing", () => {
      for (const timeMs of [0, -1]) {
        // A fresh TestScheduler per run: virtual time carries over between runs of one instance.
        testScheduler = new TestScheduler((actual, expected) => {
          expect(actual).to.deep.equal(expected);
        });
        const { scheduler, counts } = countingScheduler(testScheduler);
        testScheduler.run(({ cold, expectObservable }) => {
          const values = { x: ["a"], y: ["b"], z: ["c"], w: ["d"] };
          expectObservable(cold('ab(cd)|').pipe(flushableBatch({ timeMs, maxCount: 100, scheduler }))).toBe('xy(zw)|', values);
        });
        expect(counts.scheduled, `timeMs ${timeMs}`).to.equal(0);
      }
    });
  });

  describe("count", () => {
    it("emits at maxCount and cancels the timer, so the next item starts a fresh one", () => {
      testScheduler.run(({ hot, expectObservable }) => {
        const e1 = hot('  abc-d------------|');
        const expected = '--x-----------y--|';

        expectObservable(e1.pipe(flushableBatch({ timeMs: 10, maxCount: 3 }))).toBe(expected, {
          x: ["a", "b", "c"],
          y: ["d"],
        });
      });
    });

    it("splits a synchronous burst into maxCount batches in the same frame", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold('(abcde)').pipe(flushableBatch({ timeMs: 10, maxCount: 2 }))).toBe('(xy)------z', {
          x: ["a", "b"],
          y: ["c", "d"],
          z: ["e"],
        });
      });
    });

    it("emits synchronously inside the source's next", () => {
      const source = new Subject<number>();
      const batches: number[][] = [];
      source.pipe(flushableBatch({ timeMs: 1_000_000, maxCount: 3, scheduler: testScheduler })).subscribe((batch) => batches.push(batch));
      source.next(1);
      source.next(2);
      expect(batches).to.deep.equal([]);
      source.next(3);
      expect(batches).to.deep.equal([[1, 2, 3]]);
      source.complete();
    });

    it("starts a new batch for items pushed while a batch is being emitted", () => {
      const source = new Subject<string>();
      const batches: string[][] = [];
      source.pipe(flushableBatch({ timeMs: 1_000_000, maxCount: 2, scheduler: testScheduler })).subscribe((batch) => {
        batches.push(batch);
        if (batches.length === 1) source.next("z");
      });
      source.next("a");
      source.next("b");
      source.next("y");
      source.complete();
      expect(batches).to.deep.equal([["a", "b"], ["z", "y"]]);
    });
  });

  describe("flush$", () => {
    it("emits the pending batch when flush$ emits, ignores flushes of an empty buffer and cancels the timer", () => {
      const { scheduler, counts } = countingScheduler(testScheduler);
      testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
        const e1 = hot('    -a-b------c 150ms |');
        const flush = hot(' ----f--f-----------');
        const flushSubs = ' ^ 160ms !';
        const expected = '  ----x 105ms y 50ms |';

        const result = e1.pipe(flushableBatch({ timeMs: 100, maxCount: 100, flush$: flush, scheduler }));
        expectObservable(result).toBe(expected, { x: ["a", "b"], y: ["c"] });
        expectSubscriptions(flush.subscriptions).toBe(flushSubs);
      });
      expect(counts).to.deep.equal({ scheduled: 2, live: 0 });
    });

    it("emits synchronously inside flush$'s next", () => {
      const source = new Subject<number>();
      const flush$ = new Subject<void>();
      const batches: number[][] = [];
      source.pipe(flushableBatch({ timeMs: 1_000_000, maxCount: 100, flush$, scheduler: testScheduler })).subscribe((batch) => batches.push(batch));
      source.next(1);
      source.next(2);
      flush$.next();
      expect(batches).to.deep.equal([[1, 2]]);
      flush$.next();
      expect(batches).to.deep.equal([[1, 2]]);
      source.complete();
      expect(flush$.observed).to.equal(false);
    });

    it("emits the pending batch, then forwards the error, when flush$ errors", () => {
      testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
        const e1 = hot('    -a-------');
        const e1subs = '    ^--!     ';
        const flush = hot(' ---#     ', undefined, new Error("flush broke"));
        const expected = '  ---(x#)  ';

        const result = e1.pipe(flushableBatch({ ...TEN_MS, flush$: flush }));
        expectObservable(result).toBe(expected, { x: ["a"] }, new Error("flush broke"));
        expectSubscriptions(e1.subscriptions).toBe(e1subs);
      });
    });
  });

  describe("end of input", () => {
    it("emits the pending batch, then completes, when the source completes", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold('ab|').pipe(flushableBatch(TEN_MS))).toBe('--(x|)', { x: ["a", "b"] });
      });
    });

    it("emits the pending batch, then forwards the error, when the source errors", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const error = new Error("upstream");
        expectObservable(cold('ab#', undefined, error).pipe(flushableBatch(TEN_MS))).toBe('--(x#)', { x: ["a", "b"] }, error);
      });
    });

    it("should complete without emitting if the source is empty", () => {
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const e1 = cold(' |');
        expectObservable(e1.pipe(flushableBatch(TEN_MS))).toBe('|');
        expectSubscriptions(e1.subscriptions).toBe('(^!)');
      });
    });

    it("should not complete nor emit if the source never completes", () => {
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const e1 = cold(' -');
        expectObservable(e1.pipe(flushableBatch(TEN_MS))).toBe('-');
        expectSubscriptions(e1.subscriptions).toBe('^');
      });
    });

    it("should raise an error if the source throws", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold('#').pipe(flushableBatch(TEN_MS))).toBe('#');
      });
    });

    it("emits nothing when an idle source completes after a long silence", () => {
      testScheduler.run(({ hot, expectObservable }) => {
        expectObservable(hot('1000ms |').pipe(flushableBatch(TEN_MS))).toBe('1000ms |');
      });
    });
  });

  describe("unsubscribe", () => {
    it("releases the timer and flush$, and drops the pending batch (hard stop)", () => {
      const { scheduler, counts } = countingScheduler(testScheduler);
      testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
        const e1 = hot('    -a-b------');
        const flush = hot(' ----------');
        const subs = '      ^----!    ';
        const unsub = '     -----!    ';

        const result = e1.pipe(flushableBatch({ ...TEN_MS, flush$: flush, scheduler }));
        expectObservable(result, unsub).toBe('-');
        expectSubscriptions(e1.subscriptions).toBe(subs);
        expectSubscriptions(flush.subscriptions).toBe(subs);
      });
      expect(counts).to.deep.equal({ scheduled: 1, live: 0 });
    });

    it("should not break unsubscription chains when unsubscribed explicitly", () => {
      testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
        const e1 = hot('  -a-b--------c--');
        const e1subs = '  ^------------! ';
        const unsub = '   -------------! ';
        const result = e1.pipe(
          mergeMap((x) => of(x)),
          flushableBatch(TEN_MS),
          mergeMap((x) => of(x)),
        );
        expectObservable(result, unsub).toBe('-----------x--', { x: ["a", "b"] });
        expectSubscriptions(e1.subscriptions).toBe(e1subs);
      });
    });
  });

  describe("options", () => {
    it("rejects a maxCount that is not an integer >= 1 or Infinity", () => {
      for (const maxCount of [0, -1, 1.5, Number.NaN]) {
        expect(() => flushableBatch({ timeMs: 10, maxCount }), String(maxCount)).to.throw(
          FlowlogSinkError,
          `flushableBatch: maxCount must be an integer >= 1 or Infinity, got ${maxCount}`,
        );
      }
      expect(() => flushableBatch({ timeMs: 10, maxCount: Infinity })).not.to.throw();
    });

    it("rejects a NaN timeMs", () => {
      expect(() => flushableBatch({ timeMs: Number.NaN, maxCount: 1 })).to.throw(
        FlowlogSinkError,
        "flushableBatch: timeMs must be a number of milliseconds, got NaN",
      );
    });
  });
});
