import { expect } from "chai";
import { mergeMap, of } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { Level } from "../../src/core/levels.js";
import { levelFilter } from "../../src/sinks/record-operators.js";
import type { LogRecord } from "../../src/core/record.js";
import { record } from "./test-records.js";

describe("levelFilter", () => {
  let testScheduler: TestScheduler;
  const values = {
    d: record(1, "DEBUG"),
    i: record(2, "INFO"),
    w: record(3, "WARNING"),
    s: record(4, "SECURITY"),
    e: record(5, "ERROR"),
    c: record(6, "CRITICAL"),
  };

  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  it("passes records at or above the level, in order, and drops the rest", () => {
    testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const e1 = hot('  --d-i-w-s-e-c-d-|', values);
      const e1subs = '  ^---------------!';
      const expected = '------w-s-e-c---|';

      expectObservable(e1.pipe(levelFilter(Level.WARNING))).toBe(expected, values);
      expectSubscriptions(e1.subscriptions).toBe(e1subs);
    });
  });

  it("treats the level itself as included and one below as excluded", () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('diw|', values).pipe(levelFilter(Level.INFO))).toBe('-iw|', values);
      expectObservable(cold('diw|', values).pipe(levelFilter(Level.INFO + 1))).toBe('--w|', values);
    });
  });

  it("passes everything at 0 and nothing at Infinity", () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('dc|', values).pipe(levelFilter(0))).toBe('dc|', values);
      expectObservable(cold('dc|', values).pipe(levelFilter(Infinity))).toBe('--|');
    });
  });

  it("emits the same frozen record objects it receives", () => {
    const seen: unknown[] = [];
    of(values.e).pipe(levelFilter(Level.ERROR)).subscribe((r) => seen.push(r));
    expect(seen).to.have.length(1);
    expect(seen[0]).to.equal(values.e);
  });

  it("should complete if the source is empty", () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const e1 = cold<LogRecord>(' |');
      expectObservable(e1.pipe(levelFilter(Level.ERROR))).toBe('|');
      expectSubscriptions(e1.subscriptions).toBe('(^!)');
    });
  });

  it("should not complete if the source never completes", () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const e1 = cold<LogRecord>(' -');
      expectObservable(e1.pipe(levelFilter(Level.ERROR))).toBe('-');
      expectSubscriptions(e1.subscriptions).toBe('^');
    });
  });

  it("should raise an error if the source throws", () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold<LogRecord>('#').pipe(levelFilter(Level.ERROR))).toBe('#');
    });
  });

  it("should forward an error after the records that passed", () => {
    testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const e1 = hot('  --d--e--#', values, new Error("boom"));
      const e1subs = '  ^-------!';
      expectObservable(e1.pipe(levelFilter(Level.ERROR))).toBe('-----e--#', values, new Error("boom"));
      expectSubscriptions(e1.subscriptions).toBe(e1subs);
    });
  });

  it("should allow unsubscribing early and explicitly", () => {
    testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const e1 = hot('  --e--c--e--|', values);
      const e1subs = '  ^----!      ';
      const unsub = '   -----!      ';
      expectObservable(e1.pipe(levelFilter(Level.ERROR)), unsub).toBe('--e---', values);
      expectSubscriptions(e1.subscriptions).toBe(e1subs);
    });
  });

  it("should not break unsubscription chains when unsubscribed explicitly", () => {
    testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const e1 = hot('  --e--c--e--|', values);
      const e1subs = '  ^----!      ';
      const unsub = '   -----!      ';
      const result = e1.pipe(
        mergeMap((r) => of(r)),
        levelFilter(Level.ERROR),
        mergeMap((r) => of(r)),
      );
      expectObservable(result, unsub).toBe('--e---', values);
      expectSubscriptions(e1.subscriptions).toBe(e1subs);
    });
  });

  it("filters any element type by the level levelOf gives", () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const jobs = { a: { priority: 1 }, b: { priority: 5 }, c: { priority: 9 } };
      const source = cold("-a-b-c-|", jobs);
      expectObservable(source.pipe(levelFilter(5, undefined, (job: { priority: number }) => job.priority))).toBe("---b-c-|", jobs);
    });
  });

  it("rejects NaN when the operator is made, not per record", () => {
    expect(() => levelFilter(Number.NaN)).to.throw(FlowlogSinkError, "levelFilter: minLevel must be a level number, got NaN");
  });
});
