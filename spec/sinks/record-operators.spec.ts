import { expect } from "chai";
import { of, toArray, lastValueFrom } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import type { DeliveryEvent } from "../../src/core/delivery.js";
import { Level, type LevelName } from "../../src/core/levels.js";
import type { LogRecord } from "../../src/core/record.js";
import { ALERT_REPEATS, boundedDelivery, coalesceAlerts, levelFilter } from "../../src/sinks/record-operators.js";

/**
 * The generic operators bound to log records: the defaults flowlog's own sinks and its public
 * `levelFilter`, `boundedDelivery` and `coalesceAlerts` have always had. The operators' own
 * behaviour is specified in spec/operators/.
 */
describe("sinks/record-operators", () => {
  const rec = (msg: string, level: LevelName = "ERROR", overrides: Partial<LogRecord> = {}): LogRecord =>
    Object.freeze({ time: 0, level, levelno: Level[level], logger: "app", msg, ...overrides });

  it("an alert's fingerprint is its level, logger and message, nothing else", () => {
    const parts = (record: LogRecord) => ALERT_REPEATS.fingerprint.map((part) => part(record));
    expect(parts(rec("db down", "ERROR", { extra: { a: 1 }, time: 9 }))).to.deep.equal(["ERROR", "app", "db down"]);
  });

  it("coalesceAlerts holds identical alerts and sends one summary record with repeated", () => {
    const scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
    scheduler.run(({ cold, expectObservable }) => {
      const values = { a: rec("db down", "ERROR", { time: 0 }), b: rec("db down", "ERROR", { time: 1 }), c: rec("db down", "ERROR", { time: 2 }) };
      expectObservable(cold("abc|", values).pipe(coalesceAlerts({ windowMs: 10, scheduler }))).toBe("a--(X|)", {
        a: values.a,
        X: { ...values.c, repeated: { count: 2, since: 1 } },
      });
    });
  });

  it("levelFilter compares a record's levelno by default, or what levelOf says", async () => {
    const records = [rec("d", "DEBUG"), rec("w", "WARNING"), rec("e", "ERROR")];
    expect((await lastValueFrom(of(...records).pipe(levelFilter(Level.WARNING), toArray()))).map((r) => r.msg)).to.deep.equal(["w", "e"]);
    const sizes = await lastValueFrom(of(1, 5, 10).pipe(levelFilter(5, undefined, (n: number) => n), toArray()));
    expect(sizes).to.deep.equal([5, 10]);
  });

  it("boundedDelivery counts a coalesced record as all it stands for by default", async () => {
    const summary = { ...rec("db down"), repeated: { count: 7, since: 0 } };
    const events: DeliveryEvent[] = await lastValueFrom(
      of([rec("one"), summary]).pipe(boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 10, deliver: () => undefined }), toArray()),
    );
    expect(events).to.deep.equal([{ kind: "delivered", count: 8 }]);
  });
});
