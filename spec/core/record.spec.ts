import { expect } from "chai";
import { recordWeight, type LogRecord } from "../../src/core/record.js";

describe("core/record recordWeight: how many log calls a record stands for", () => {
  const record: LogRecord = { time: 0, level: "ERROR", levelno: 40, logger: "app", msg: "db down" };

  it("a record is one call; a coalesced summary counts every call it stands for", () => {
    expect(recordWeight(record)).to.equal(1);
    expect(recordWeight({ ...record, repeated: { count: 999, since: 0 } })).to.equal(999);
  });
});
