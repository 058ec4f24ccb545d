import { expect } from "chai";
import fc from "fast-check";
import { NEVER, Observable, Subject, concat, concatMap, from, interval, map, mergeMap, of, range, take, timer } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { Level, type LevelName } from "../../src/core/levels.js";
import { coalesceRepeats, type Repeats } from "../../src/operators/coalesce-repeats.js";
import { coalesceAlerts } from "../../src/sinks/record-operators.js";
import { recordWeight, type LogRecord } from "../../src/core/record.js";
import { countingScheduler } from "./counting-scheduler.js";

/** A frozen alert; `time` says when it was logged (a frame in the marble tests). */
function alert(msg: string, time: number, overrides: Partial<LogRecord> = {}): LogRecord {
  const level: LevelName = overrides.level ?? "ERROR";
  return Object.freeze({ time, level, levelno: Level[level], logger: "app", msg, ...overrides });
}

/** What a summary of `last` standing for `count` records since `since` looks like. */
function summary(last: LogRecord, count: number, since: number): LogRecord {
  return { ...last, repeated: { count, since } };
}

const totalWeight = (records: readonly LogRecord[]): number => records.reduce((sum, r) => sum + recordWeight(r), 0);

describe("coalesceAlerts", () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
    testScheduler.maxFrames = Number.POSITIVE_INFINITY; // outside run(), flush() stops at frame 750 otherwise
  });

  describe("an alert storm", () => {
    /** 10,000 identical records within 10 s: 1,000 at each whole second from 1 s to 10 s. */
    const storm = (): Observable<LogRecord> =>
      interval(1000, testScheduler).pipe(
        take(10),
        mergeMap(() => range(0, 1000)),
        map(() => alert("DB down", testScheduler.now(), { extra: { host: "db1" } })),
      );

    it("10,000 identical records within 10 s and a 60 s window: the first at once, one summary when the window closes", () => {
      testScheduler.run(({ expectObservable }) => {
        const output = concat(storm(), NEVER).pipe(coalesceAlerts({ windowMs: 60_000, scheduler: testScheduler }));
        expectObservable(output).toBe("1000ms a 59999ms b", {
          a: alert("DB down", 1000, { extra: { host: "db1" } }),
          b: summary(alert("DB down", 10_000, { extra: { host: "db1" } }), 9_999, 1000),
        });
      });
    });

    it("the weights of the output are 1 and 9,999: every record is counted", () => {
      const seen: LogRecord[] = [];
      const source = new Subject<LogRecord>();
      source.pipe(coalesceAlerts({ windowMs: 60_000, scheduler: testScheduler })).subscribe((r) => seen.push(r));
      for (let i = 0; i < 10_000; i++) source.next(alert("DB down", i));
      testScheduler.flush();
      expect(seen.map(recordWeight)).to.deep.equal([1, 9_999]);
      expect(totalWeight(seen)).to.equal(10_000);
    });

    it("complete flushes the pending summary at once", () => {
      testScheduler.run(({ expectObservable }) => {
        expectObservable(storm().pipe(coalesceAlerts({ windowMs: 60_000, scheduler: testScheduler }))).toBe("1000ms a 8999ms (b|)", {
          a: alert("DB down", 1000, { extra: { host: "db1" } }),
          b: summary(alert("DB down", 10_000, { extra: { host: "db1" } }), 9_999, 1000),
        });
      });
    });

    it("a storm that goes on yields one summary a window, timed by the window", () => {
      testScheduler.run(({ hot, expectObservable }) => {
        const frames = "abcdefghij".split("");
        const values = Object.fromEntries(frames.map((name, i) => [name, alert("DB down", i * 3)]));
        const source = hot("a--b--c--d--e--f--g--h--i--j-|", values);
        const expected = " a---------X---------Y--------(Z|)";
        expectObservable(source.pipe(coalesceAlerts({ windowMs: 10, scheduler: testScheduler }))).toBe(expected, {
          a: values.a,
          X: summary(values.d, 3, 3),
          Y: summary(values.g, 3, 12),
          Z: summary(values.j, 3, 21),
        });
      });
    });
  });

  describe("fingerprints", () => {
    it("different messages are not merged", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const values = { a: alert("one", 0), b: alert("two", 2), c: alert("three", 4) };
        expectObservable(cold("a-b-c|", values).pipe(coalesceAlerts({ windowMs: 100, scheduler: testScheduler }))).toBe("a-b-c|", values);
      });
    });

    it("the same message at another level or from another logger is another alert", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const values = { a: alert("m", 0), b: alert("m", 1, { level: "WARNING" }), c: alert("m", 2, { logger: "other" }) };
        expectObservable(cold("abc|", values).pipe(coalesceAlerts({ windowMs: 100, scheduler: testScheduler }))).toBe("abc|", values);
      });
    });

    it("interleaved fingerprints are counted apart and flushed in the order first seen", () => {
      testScheduler.run(({ hot, expectObservable }) => {
        const values = {
          x: alert("x", 0),
          y: alert("y", 2),
          p: alert("x", 4),
          q: alert("y", 6),
          r: alert("x", 8),
        };
        const source = hot("x-y-p-q-r-|", values);
        expectObservable(source.pipe(coalesceAlerts({ windowMs: 20, scheduler: testScheduler }))).toBe("x-y-------(XY|)", {
          x: values.x,
          y: values.y,
          X: summary(values.r, 2, 4),
          Y: summary(values.q, 1, 6),
        });
      });
    });

    it("1,000 distinct alerts share one timer, and each window still closes windowMs after it opened", () => {
      const { scheduler, counts } = countingScheduler(testScheduler);
      const source = new Subject<LogRecord>();
      const seen: Array<{ msg: string; count: number | undefined; at: number }> = [];
      testScheduler.run(() => {
        source.pipe(coalesceAlerts({ windowMs: 100, scheduler })).subscribe((record) => {
          seen.push({ msg: record.msg, count: record.repeated?.count, at: testScheduler.now() });
        });
        // Two records of each of 1,000 messages, one message a frame: the second is held.
        for (let i = 0; i < 1000; i++) {
          testScheduler.schedule(() => {
            source.next(alert(`distinct ${i}`, i));
            source.next(alert(`distinct ${i}`, i));
          }, i);
        }
        testScheduler.schedule(() => expect(counts.live).to.equal(1), 500);
      });
      const summaries = seen.filter((entry) => entry.count !== undefined);
      expect(summaries).to.have.length(1000);
      // Window i opened at frame i, so its summary leaves at frame i + 100.
      expect(summaries.every((entry) => entry.at === Number(entry.msg.split(" ")[1]) + 100)).to.equal(true);
      // One timer armed at a time: re-armed once per closing instant, never one per window.
      expect(counts.live).to.equal(0);
      source.complete();
    });

    it("a window with nothing held forgets the fingerprint: the next record passes at once", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const { scheduler, counts } = countingScheduler(testScheduler);
        const values = { a: alert("m", 0), b: alert("m", 21) };
        expectObservable(cold("a 20ms b|", values).pipe(coalesceAlerts({ windowMs: 10, scheduler }))).toBe("a 20ms b|", values);
        testScheduler.flush();
        expect(counts.scheduled).to.equal(2);
        expect(counts.live).to.equal(0);
      });
    });
  });

  describe("the summary record", () => {
    it("is the last held record re-made, frozen, with repeated; inputs are untouched", () => {
      const seen: LogRecord[] = [];
      const source = new Subject<LogRecord>();
      source.pipe(coalesceAlerts({ windowMs: 50, scheduler: testScheduler })).subscribe((r) => seen.push(r));
      const first = alert("m", 1, { extra: { n: 1 } });
      const held1 = alert("m", 2, { extra: { n: 2 } });
      const held2 = alert("m", 3, { extra: { n: 3 } });
      source.next(first);
      source.next(held1);
      source.next(held2);
      testScheduler.flush();
      expect(seen).to.have.length(2);
      expect(seen[0]).to.equal(first);
      const made = seen[1];
      expect(made).not.to.equal(held2);
      expect(made).to.deep.equal(summary(held2, 2, 2));
      expect(Object.isFrozen(made) && Object.isFrozen(made.repeated)).to.equal(true);
      expect(held2).not.to.have.property("repeated");
    });

    it("a held record that is already a summary adds its count and keeps its since", () => {
      const seen: LogRecord[] = [];
      const source = new Subject<LogRecord>();
      source.pipe(coalesceAlerts({ windowMs: 50, scheduler: testScheduler })).subscribe((r) => seen.push(r));
      source.next(alert("m", 10));
      source.next(alert("m", 20, { repeated: { count: 5, since: 11 } }));
      source.next(alert("m", 30));
      testScheduler.flush();
      expect(seen.map(recordWeight)).to.deep.equal([1, 6]);
      expect(seen[1].repeated).to.deep.equal({ count: 6, since: 11 });
    });
  });

  describe("lifecycle", () => {
    it("an empty source completes", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold<LogRecord>("|").pipe(coalesceAlerts({ windowMs: 10, scheduler: testScheduler }))).toBe("|");
      });
    });

    it("a silent source stays silent", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold<LogRecord>("-").pipe(coalesceAlerts({ windowMs: 10, scheduler: testScheduler }))).toBe("-");
      });
    });

    it("an error emits the pending summaries, then is forwarded", () => {
      testScheduler.run(({ hot, expectObservable }) => {
        const values = { a: alert("m", 0), b: alert("m", 2) };
        const error = new Error("boom");
        expectObservable(hot("a-b-#", values, error).pipe(coalesceAlerts({ windowMs: 100, scheduler: testScheduler }))).toBe(
          "a---(S#)",
          { a: values.a, S: summary(values.b, 1, 2) },
          error,
        );
      });
    });

    it("unsubscribing releases the timer and the source (one timer serves both windows)", () => {
      testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
        const { scheduler, counts } = countingScheduler(testScheduler);
        const values = { a: alert("a", 0), b: alert("b", 1), c: alert("a", 2) };
        const source = hot("abc-----", values);
        expectObservable(source.pipe(coalesceAlerts({ windowMs: 100, scheduler })), "^---!").toBe("ab--", values);
        expectSubscriptions(source.subscriptions).toBe("^---!");
        testScheduler.flush();
        expect(counts.scheduled).to.equal(1);
        expect(counts.live).to.equal(0);
      });
    });

    it("a consumer that unsubscribes on the first record leaves no timer", () => {
      const { scheduler, counts } = countingScheduler(testScheduler);
      const seen: LogRecord[] = [];
      of(alert("m", 0), alert("m", 1))
        .pipe(coalesceAlerts({ windowMs: 10, scheduler }), take(1))
        .subscribe((r) => seen.push(r));
      testScheduler.flush();
      expect(seen).to.have.length(1);
      expect(counts.live).to.equal(0);
    });

    it("flush$ emits every held summary at once and keeps the window open", () => {
      testScheduler.run(({ hot, expectObservable }) => {
        const values = { a: alert("m", 0), b: alert("m", 1), c: alert("m", 2), d: alert("m", 6) };
        const flush$ = hot<void>("----f-----", { f: undefined });
        const source = hot("abc---d----", values);
        // Held b and c go out on the flush; d, still inside the same window, waits for its end.
        expectObservable(source.pipe(coalesceAlerts({ windowMs: 10, scheduler: testScheduler, flush$ }))).toBe("a---S-----T", {
          a: values.a,
          S: summary(values.c, 2, 1),
          T: summary(values.d, 1, 6),
        });
      });
    });

    it("past maxWindows open windows, new messages pass through uncoalesced, and no record is lost", () => {
      const seen: LogRecord[] = [];
      const source = new Subject<LogRecord>();
      source.pipe(coalesceAlerts({ windowMs: 60_000, scheduler: testScheduler, maxWindows: 2 })).subscribe((r) => seen.push(r));
      for (const msg of ["a", "b", "c", "c", "a"]) source.next(alert(msg, 0));
      source.complete();
      // a and b opened windows; both c pass as they come; the repeat of a is held, then flushed.
      expect(seen.map((r) => [r.msg, recordWeight(r)])).to.deep.equal([["a", 1], ["b", 1], ["c", 1], ["c", 1], ["a", 1]]);
      expect(seen[4].repeated).to.deep.include({ count: 1 });
    });

    it("windowMs <= 0 passes every record through unchanged", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const values = { a: alert("m", 0), b: alert("m", 1) };
        expectObservable(cold("ab|", values).pipe(coalesceAlerts({ windowMs: 0, scheduler: testScheduler }))).toBe("ab|", values);
      });
    });

    it("a windowMs that is not a number fails fast", () => {
      expect(() => coalesceAlerts({ windowMs: Number.NaN })).to.throw(FlowlogSinkError, /windowMs/);
      expect(() => coalesceAlerts({ windowMs: "60" as unknown as number })).to.throw(FlowlogSinkError);
    });
  });

  describe("properties", function () {
    this.timeout(120_000);

    it("weights add up, summaries come a window apart, and the output completes (1,000 random storms)", () => {
      const event = fc.record({ gap: fc.integer({ min: 0, max: 40 }), fingerprint: fc.integer({ min: 0, max: 3 }) });
      fc.assert(
        fc.property(fc.array(event, { maxLength: 60, size: "max" }), fc.integer({ min: 1, max: 100 }), (events, windowMs) => {
          const scheduler = new TestScheduler(() => undefined);
          scheduler.maxFrames = Number.POSITIVE_INFINITY;
          const source = from(events).pipe(
            concatMap(({ gap, fingerprint }) =>
              timer(gap, scheduler).pipe(map(() => alert(`m${fingerprint % 2}`, scheduler.now(), { level: fingerprint < 2 ? "ERROR" : "CRITICAL" }))),
            ),
          );
          const seen: { record: LogRecord; at: number }[] = [];
          let completedAt = -1;
          source.pipe(coalesceAlerts({ windowMs, scheduler })).subscribe({
            next: (record) => seen.push({ record, at: scheduler.now() }),
            complete: () => (completedAt = scheduler.now()),
          });
          scheduler.flush();

          const problems: string[] = [];
          if (completedAt < 0) problems.push("did not complete");
          const weight = totalWeight(seen.map((s) => s.record));
          if (weight !== events.length) problems.push(`weights ${weight} for ${events.length} records`);
          const lastAt = new Map<string, number>();
          for (const { record, at } of seen) {
            const key = `${record.level}/${record.msg}`;
            const previous = lastAt.get(key);
            const flushed = record.repeated !== undefined && at === completedAt;
            if (previous !== undefined && at - previous < windowMs && !flushed) problems.push(`${key} sent twice within ${at - previous} ms`);
            if (record.repeated !== undefined) {
              if (previous === undefined) problems.push(`summary before the first ${key}`);
              if (!(record.repeated.count >= 1 && record.repeated.since <= record.time)) problems.push(`bad repeated ${JSON.stringify(record.repeated)}`);
            }
            lastAt.set(key, at);
          }
          expect(problems).to.deep.equal([]);
        }),
        { numRuns: 1000 },
      );
    });
  });
});

/**
 * The operator itself knows nothing of log records: the same windows over another element type,
 * with its own fingerprint, weight and summary (the record form above is these functions bound
 * to records, sinks/record-operators.ts).
 */
describe("coalesceRepeats: any element type", () => {
  /** A failed build step; `times` and `first` are set on a summary. */
  interface Failure {
    readonly job: string;
    readonly step: number;
    readonly at: number;
    readonly times?: number;
    readonly first?: number;
  }
  const FAILURES: Repeats<Failure> = {
    fingerprint: [(f) => f.job, (f) => f.step],
    weightOf: (f) => f.times ?? 1,
    sinceOf: (f) => f.first ?? f.at,
    summarize: (last, times, first) => ({ ...last, times, first }),
  };
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  it("repeats within the window become the first at once and one summary when it closes", () => {
    testScheduler.run(({ hot, expectObservable }) => {
      const values = { a: { job: "ci", step: 1, at: 0 }, b: { job: "ci", step: 1, at: 2 }, c: { job: "ci", step: 1, at: 4 } };
      expectObservable(hot("a-b-c------", values).pipe(coalesceRepeats({ windowMs: 10, scheduler: testScheduler }, FAILURES))).toBe("a---------X", {
        a: values.a,
        X: { job: "ci", step: 1, at: 4, times: 2, first: 2 },
      });
    });
  });

  it("every part of the fingerprint counts: another step or another job is another item", () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const values = { a: { job: "ci", step: 1, at: 0 }, b: { job: "ci", step: 2, at: 1 }, c: { job: "nightly", step: 1, at: 2 } };
      expectObservable(cold("abc|", values).pipe(coalesceRepeats({ windowMs: 100, scheduler: testScheduler }, FAILURES))).toBe("abc|", values);
    });
  });

  it("a summary coming in is held with its own weight and since, and complete flushes at once", () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const values = { a: { job: "ci", step: 1, at: 0 }, s: { job: "ci", step: 1, at: 3, times: 5, first: 1 }, b: { job: "ci", step: 1, at: 4 } };
      expectObservable(cold("a--sb|", values).pipe(coalesceRepeats({ windowMs: 100, scheduler: testScheduler }, FAILURES))).toBe("a----(X|)", {
        a: values.a,
        X: { job: "ci", step: 1, at: 4, times: 6, first: 1 },
      });
    });
  });

  it("a window with no repeats forgets the fingerprint (every Map level): the next one passes at once", () => {
    testScheduler.run(({ hot, expectObservable }) => {
      const values = { a: { job: "ci", step: 1, at: 0 }, b: { job: "ci", step: 1, at: 15 } };
      expectObservable(hot("a--------------b", values).pipe(coalesceRepeats({ windowMs: 10, scheduler: testScheduler }, FAILURES))).toBe("a--------------b", values);
    });
  });

  it("refuses an empty fingerprint: every item would repeat every other", () => {
    expect(() => coalesceRepeats({ windowMs: 10 }, { ...FAILURES, fingerprint: [] })).to.throw(FlowlogSinkError, /fingerprint/);
  });
});
