import { expect } from "chai";
import { Subject, mergeMap, of, type SchedulerAction, type SchedulerLike, type Subscription } from "rxjs";
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

  describe("handOff", () => {
    /** A batch operator with hand-off, its scheduler virtual, fed by a Subject; batches are collected. */
    function handOffBatches(
      handOff: { maxWaiting: number; helpCount: number; firstHelpCount?: number; coldHelpCount?: number; warmAfter?: number },
      maxCount = 4,
    ) {
      const source = new Subject<number>();
      const flush$ = new Subject<void>();
      const batches: number[][] = [];
      const operator = flushableBatch<number>({ timeMs: 1_000_000, maxCount, flush$, scheduler: testScheduler, handOff: { ...handOff, scheduler: testScheduler } });
      source.pipe(operator).subscribe({ next: (batch) => batches.push([...batch]) });
      const push = (from: number, to: number): void => {
        for (let i = from; i < to; i++) source.next(i);
      };
      return { source, flush$, batches, push };
    }

    it("never emits a full batch inside the call that filled it: it goes on the hand-off scheduler", () => {
      const { batches, push } = handOffBatches({ maxWaiting: 8, helpCount: 3 });
      push(0, 4);
      expect(batches).to.deep.equal([]);
      testScheduler.flush();
      expect(batches).to.deep.equal([[0, 1, 2, 3]]);
    });

    it("bounds a burst that never yields: past maxWaiting, the pushing caller emits helpCount of the oldest items, in order", () => {
      const { batches, push } = handOffBatches({ maxWaiting: 8, helpCount: 3 });
      push(0, 8);
      expect(batches).to.deep.equal([]);
      push(8, 9);
      expect(batches).to.deep.equal([[0, 1, 2]]);
      push(9, 40);
      const emitted = batches.flat();
      expect(emitted).to.deep.equal(Array.from({ length: emitted.length }, (_, i) => i));
      // Never more than maxWaiting items wait, and no single call emitted a whole batch of 4.
      expect(40 - emitted.length).to.be.at.most(8);
      expect(Math.max(...batches.map((batch) => batch.length))).to.equal(3);
      testScheduler.flush();
      expect(batches.flat()).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
    });

    it("starts helping with firstHelpCount items and doubles up to helpCount", () => {
      const { batches, push } = handOffBatches({ maxWaiting: 20, helpCount: 8, firstHelpCount: 1 }, 100);
      push(0, 60);
      expect(batches.map((batch) => batch.length).slice(0, 4)).to.deep.equal([1, 2, 4, 8]);
    });

    it("stops doubling at coldHelpCount until warmAfter items have been emitted, then goes on to helpCount", () => {
      const { batches, push } = handOffBatches({ maxWaiting: 20, helpCount: 16, firstHelpCount: 1, coldHelpCount: 4, warmAfter: 20 }, 100);
      // What each call emitted, for the calls that emitted anything (a help may span two batches).
      const helps: number[] = [];
      for (let item = 0; item < 200; item++) {
        const before = batches.flat().length;
        push(item, item + 1);
        const emitted = batches.flat().length - before;
        if (emitted > 0) helps.push(emitted);
      }
      // 1 + 2 + 4 + 4 + 4 + 4 = 19 emitted, still under 20: one more help of 4, then 8 and 16.
      expect(helps.slice(0, 9)).to.deep.equal([1, 2, 4, 4, 4, 4, 4, 8, 16]);
      expect(batches.flat()).to.deep.equal(Array.from({ length: batches.flat().length }, (_, i) => i));
    });

    it("flush$ emits the handed-off batches, then the one being filled, synchronously and in order", () => {
      const { flush$, batches, push } = handOffBatches({ maxWaiting: 100, helpCount: 3 });
      push(0, 10);
      flush$.next();
      expect(batches).to.deep.equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
      testScheduler.flush();
      expect(batches).to.have.length(3);
    });

    it("completing emits everything waiting before the output completes; unsubscribing cancels the hand-off", () => {
      const { source, batches, push } = handOffBatches({ maxWaiting: 100, helpCount: 3 });
      push(0, 6);
      source.complete();
      expect(batches).to.deep.equal([[0, 1, 2, 3], [4, 5]]);

      const other = new Subject<number>();
      const seen: number[][] = [];
      const subscription = other
        .pipe(flushableBatch<number>({ timeMs: 1_000_000, maxCount: 2, scheduler: testScheduler, handOff: { maxWaiting: 10, helpCount: 1, scheduler: testScheduler } }))
        .subscribe((batch) => seen.push(batch));
      other.next(1);
      other.next(2);
      subscription.unsubscribe();
      testScheduler.flush();
      expect(seen).to.deep.equal([]);
    });

    it("a hand-off that ran is released: a long-lived sink holds no finished task per batch", () => {
      const tasks: Subscription[] = [];
      const recording: SchedulerLike = {
        now: () => testScheduler.now(),
        schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
          const task = testScheduler.schedule(work, delay, state);
          tasks.push(task);
          return task;
        },
      };
      const source = new Subject<number>();
      const batches: number[][] = [];
      const subscription = source
        .pipe(flushableBatch<number>({ timeMs: 1_000_000, maxCount: 2, scheduler: testScheduler, handOff: { maxWaiting: 10, helpCount: 1, scheduler: recording } }))
        .subscribe((batch) => batches.push(batch));
      for (let round = 0; round < 3; round++) {
        source.next(2 * round);
        source.next(2 * round + 1);
        testScheduler.flush();
      }
      expect(batches).to.deep.equal([[0, 1], [2, 3], [4, 5]]);
      expect(tasks).to.have.length(3);
      expect(tasks.map((task) => task.closed)).to.deep.equal([true, true, true]);
      subscription.unsubscribe();
    });

    it("rejects a maxWaiting, helpCount, firstHelpCount, coldHelpCount or warmAfter that is not an integer >= 1", () => {
      for (const handOff of [
        { maxWaiting: 0, helpCount: 1 },
        { maxWaiting: 2, helpCount: 1.5 },
        { maxWaiting: 2, helpCount: 1, firstHelpCount: 0 },
        { maxWaiting: 2, helpCount: 1, coldHelpCount: 0 },
        { maxWaiting: 2, helpCount: 1, warmAfter: 2.5 },
      ]) {
        expect(() => flushableBatch({ timeMs: 10, maxCount: 2, handOff })).to.throw(FlowlogSinkError, /handOff\./);
      }
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
