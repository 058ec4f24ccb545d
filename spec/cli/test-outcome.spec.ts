import { expect } from "chai";
import { outcomeLines, outcomeOf } from "../../src/cli/test.js";
import type { SinkReport } from "../../src/index.js";

function report(over: Partial<SinkReport>): SinkReport {
  return {
    accepted: 1, delivered: 0, dropped: 0, failed: 0, deadLettered: 0, maxBlockMs: 0,
    droppedBy: { queue_full: 0, after_complete: 0, quarantined: 0, reentrant: 0 },
    ...over,
  };
}

describe("cli/test outcomeOf and outcomeLines", () => {
  it("delivered only when the sink counted the record delivered", () => {
    expect(outcomeOf("discord", report({ delivered: 1 }), 12)).to.deep.equal({ sink: "discord", delivered: true, ms: 12 });
  });

  it("failed: the sink's scrubbed lastError", () => {
    expect(outcomeOf("telegram", report({ failed: 1, lastError: "HTTP 401 Unauthorized" }), 5)).to.deep.equal({ sink: "telegram", delivered: false, ms: 5, error: "HTTP 401 Unauthorized" });
  });

  it("dropped: why; not taken at all: says so; no report: the sink was not built", () => {
    const dropped = report({ dropped: 1, droppedBy: { queue_full: 0, after_complete: 0, quarantined: 1, reentrant: 0 } });
    expect(outcomeOf("email", dropped, 1).error).to.equal("dropped (quarantined)");
    expect(outcomeOf("email", report({ accepted: 0 }), 1).error).to.match(/did not take the record/);
    expect(outcomeOf("email", undefined, 1).error).to.equal("the sink was not built");
  });

  it("draws one aligned line per sink, the error after the time", () => {
    expect(
      outcomeLines([
        { sink: "file_json", delivered: true, ms: 3.4 },
        { sink: "discord", delivered: false, ms: 1204.6, error: "HTTP 404 Unknown Webhook" },
      ]),
    ).to.deep.equal(["  file_json  delivered      3 ms", "  discord    FAILED      1205 ms  HTTP 404 Unknown Webhook"]);
  });
});
