import { expect } from "chai";
import fc from "fast-check";
import { LEVEL_NAMES, type LevelName } from "../../src/core/levels.js";
import { LevelLanes } from "../../src/operators/level-lanes.js";
import type { LogRecord } from "../../src/core/record.js";
import { ids, record } from "./test-records.js";

type Command = { op: "push"; level: LevelName; count: number } | { op: "shift"; count: number } | { op: "popLowest"; count: number };

/** The same queue as a plain array in arrival order, every answer computed the slow way. */
class ModelQueue {
  readonly records: LogRecord[] = [];
  shiftOldest(): LogRecord | undefined {
    return this.records.shift();
  }
  lowestLevel(): number {
    return this.records.length === 0 ? Infinity : Math.min(...this.records.map((r) => r.levelno));
  }
  popNewestOfLowest(): LogRecord | undefined {
    const lowest = this.lowestLevel();
    const index = this.records.map((r) => r.levelno).lastIndexOf(lowest);
    return index === -1 ? undefined : this.records.splice(index, 1)[0];
  }
}

describe("LevelLanes", () => {
  it("answers oldest-first across levels and newest-of-lowest", () => {
    const lanes = new LevelLanes<LogRecord>((item) => item.levelno);
    for (const [id, level] of [[0, "ERROR"], [1, "DEBUG"], [2, "INFO"], [3, "DEBUG"], [4, "ERROR"]] as const) lanes.push(record(id, level));
    expect(lanes.size).to.equal(5);
    expect(lanes.lowestLevel()).to.equal(10);
    expect(lanes.popNewestOfLowest()?.time).to.equal(3);
    expect(lanes.shiftOldest()?.time).to.equal(0);
    expect(lanes.popNewestOfLowest()?.time).to.equal(1);
    expect(lanes.lowestLevel()).to.equal(20);
    expect(ids(lanes.drain())).to.deep.equal([2, 4]);
    expect(lanes.size).to.equal(0);
    expect(lanes.lowestLevel()).to.equal(Infinity);
    expect(lanes.shiftOldest()).to.equal(undefined);
    expect(lanes.popNewestOfLowest()).to.equal(undefined);
  });

  it("keeps order through compaction of long lanes (5,000 records, 4,000 shifted, 3,000 more)", () => {
    const lanes = new LevelLanes<LogRecord>((item) => item.levelno);
    const model = new ModelQueue();
    let id = 0;
    const push = (n: number) => {
      for (let k = 0; k < n; k++, id++) {
        const r = record(id, LEVEL_NAMES[id % 2 === 0 ? 1 : 6]);
        lanes.push(r);
        model.records.push(r);
      }
    };
    push(5_000);
    for (let k = 0; k < 4_000; k++) expect(lanes.shiftOldest()).to.equal(model.shiftOldest());
    push(3_000);
    for (let k = 0; k < 10; k++) expect(lanes.popNewestOfLowest()).to.equal(model.popNewestOfLowest());
    expect(lanes.size).to.equal(model.records.length);
    expect(ids(lanes.drain())).to.deep.equal(ids(model.records));
  });

  it("behaves like the naive model for any sequence of operations (property)", () => {
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({ op: fc.constant("push" as const), level: fc.constantFrom(...LEVEL_NAMES), count: fc.integer({ min: 1, max: 600 }) }),
      fc.record({ op: fc.constant("shift" as const), count: fc.integer({ min: 1, max: 900 }) }),
      fc.record({ op: fc.constant("popLowest" as const), count: fc.integer({ min: 1, max: 50 }) }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const lanes = new LevelLanes<LogRecord>((item) => item.levelno);
        const model = new ModelQueue();
        let id = 0;
        for (const c of commands) {
          for (let k = 0; k < c.count; k++) {
            if (c.op === "push") {
              const r = record(id++, c.level);
              lanes.push(r);
              model.records.push(r);
            } else if (c.op === "shift") {
              expect(lanes.shiftOldest()).to.equal(model.shiftOldest());
            } else {
              expect(lanes.popNewestOfLowest()).to.equal(model.popNewestOfLowest());
            }
          }
          expect(lanes.size).to.equal(model.records.length);
          expect(lanes.lowestLevel()).to.equal(model.lowestLevel());
        }
        expect(ids(lanes.drain())).to.deep.equal(ids(model.records));
      }),
      { numRuns: 100 },
    );
  });
});
