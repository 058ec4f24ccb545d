import { expect } from "chai";
import { recordLevel, recordSince, recordWeight, repeatedRecord, type LogRecord } from "../../src/core/record.js";

describe("core/record recordWeight: how many log calls a record stands for", () => {
  const record: LogRecord = { time: 0, level: "ERROR", levelno: 40, logger: "app", msg: "db down" };

  it("a record is one call; a coalesced summary counts every call it stands for", () => {
    expect(recordWeight(record)).to.equal(1);
    expect(recordWeight({ ...record, repeated: { count: 999, since: 0 } })).to.equal(999);
  });
});

describe("core/record: what the record-bound operators read of a record", () => {
  const record: LogRecord = Object.freeze({ time: 5, level: "ERROR", levelno: 40, logger: "app", msg: "db down" });

  it("recordLevel is its levelno", () => {
    expect(recordLevel(record)).to.equal(40);
  });

  it("recordSince is its time, or a summary's since", () => {
    expect(recordSince(record)).to.equal(5);
    expect(recordSince({ ...record, repeated: { count: 3, since: 1 } })).to.equal(1);
  });

  it("repeatedRecord makes a new frozen record standing for count records since since, the last one unchanged", () => {
    const summary = repeatedRecord(record, 9, 2);
    expect(summary).to.deep.equal({ ...record, repeated: { count: 9, since: 2 } });
    expect(Object.isFrozen(summary) && Object.isFrozen(summary.repeated)).to.equal(true);
    expect(record).to.not.have.property("repeated");
  });
});
