import { expect } from "chai";
import { SinkCounters } from "../../src/runtime/sink-report.js";

describe("runtime/sink-report: one sink's accounting", () => {
  it("dropped is the sum of its reasons, and pending is what has no outcome yet", () => {
    const counters = new SinkCounters();
    counters.accepted = 10;
    counters.delivered = 4;
    counters.failed = 1;
    counters.droppedBy.queue_full = 2;
    counters.droppedBy.after_complete = 1;
    counters.droppedBy.quarantined = 1;
    counters.droppedBy.reentrant = 0;
    expect(counters.dropped).to.equal(4);
    expect(counters.pending).to.equal(1);
    counters.delivered++;
    expect(counters.pending).to.equal(0);
  });

  it("a snapshot adds up, is frozen, and does not move when counting goes on", () => {
    const counters = new SinkCounters();
    counters.accepted = 3;
    counters.delivered = 2;
    counters.droppedBy.queue_full = 1;
    const report = counters.snapshot();
    counters.delivered = 99;
    counters.droppedBy.queue_full = 99;
    expect(report).to.deep.include({ accepted: 3, delivered: 2, dropped: 1, failed: 0, deadLettered: 0 });
    expect(report.droppedBy).to.deep.equal({ queue_full: 1, after_complete: 0, quarantined: 0, reentrant: 0 });
    expect(report.accepted).to.equal(report.delivered + report.dropped + report.failed);
    expect(Object.isFrozen(report)).to.equal(true);
    expect(Object.isFrozen(report.droppedBy)).to.equal(true);
  });

  it("the last error appears only once there is one; the longest block is shown to a tenth of a ms", () => {
    const counters = new SinkCounters();
    expect(counters.snapshot()).to.not.have.property("lastError");
    counters.lastError = "HTTP 500: down";
    counters.maxBlockMs = 12.345;
    expect(counters.snapshot()).to.deep.include({ lastError: "HTTP 500: down", maxBlockMs: 12.3 });
  });
});
