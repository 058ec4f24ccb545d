import { expect } from "chai";
import { BoundedCounter, busiestMinutes, minuteSeries, StatsAggregator } from "../../src/cli/stats-aggregate.js";
import type { LogRecord } from "../../src/index.js";

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

function rec(over: Partial<LogRecord>): LogRecord {
  return { time: T0, level: "INFO", levelno: 20, logger: "api", msg: "request handled", ...over };
}

describe("cli/stats-aggregate", () => {
  it("counts per level, logger, message and minute, and the time span", () => {
    const stats = new StatsAggregator();
    stats.add(rec({ time: T0 + 5_000 }));
    stats.add(rec({ time: T0 + 65_000, level: "ERROR", levelno: 40, logger: "db", msg: "slow query" }));
    stats.add(rec({ time: T0 + 70_000 }));
    stats.add(rec({ time: Number.NaN }));
    stats.addOtherLine();
    const result = stats.result();
    expect(result.records).to.equal(4);
    expect(result.otherLines).to.equal(1);
    expect(result.levels.get("INFO")).to.equal(3);
    expect(result.levels.get("ERROR")).to.equal(1);
    expect(result.levels.get("DEBUG")).to.equal(0);
    expect(result.loggers.top(5)).to.deep.equal([["api", 3], ["db", 1]]);
    expect(result.messages.top(1)).to.deep.equal([["request handled", 3]]);
    expect([...result.perMinute]).to.deep.equal([[T0, 1], [T0 + 60_000, 2]]);
    expect([result.first, result.last]).to.deep.equal([T0 + 5_000, T0 + 70_000]);
  });

  it("minuteSeries fills the minutes without records with zeros; busiestMinutes sorts by count then time", () => {
    const perMinute = new Map([[T0 + 180_000, 5], [T0, 2], [T0 + 60_000, 5]]);
    expect(minuteSeries(perMinute)).to.deep.equal({ start: T0, counts: [2, 5, 0, 5] });
    expect(busiestMinutes(perMinute, 2)).to.deep.equal([[T0 + 60_000, 5], [T0 + 180_000, 5]]);
    expect(minuteSeries(new Map()).counts).to.deep.equal([]);
  });

  it("BoundedCounter is exact below its capacity", () => {
    const counter = new BoundedCounter(3);
    for (const key of ["a", "b", "a", "c", "a", "b"]) counter.add(key);
    expect(counter.top(3)).to.deep.equal([["a", 3], ["b", 2], ["c", 1]]);
    expect(counter.approximate).to.equal(false);
  });

  it("BoundedCounter past its capacity keeps the frequent keys, holds at most capacity keys, and says it is approximate", () => {
    const counter = new BoundedCounter(100);
    for (let i = 0; i < 20_000; i++) {
      counter.add(`unique ${i}`);
      if (i % 10 === 0) counter.add("frequent");
      if (i % 50 === 0) counter.add("less frequent");
      expect(counter.size).to.be.at.most(100);
    }
    const top = counter.top(2);
    expect(top.map(([key]) => key)).to.deep.equal(["frequent", "less frequent"]);
    expect(top[0][1]).to.equal(2_000);
    expect(counter.approximate).to.equal(true);
  });
});
