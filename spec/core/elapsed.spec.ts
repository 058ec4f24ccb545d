import { expect } from "chai";
import sinon from "sinon";
import { monotonicMs } from "../../src/core/elapsed.js";

describe("core/elapsed monotonicMs: a clock for timing a write", () => {
  it("never goes backwards, even when the wall clock is set back", () => {
    const clock = sinon.useFakeTimers({ now: Date.UTC(2030, 0, 1), toFake: ["Date"] });
    try {
      const before = monotonicMs();
      clock.setSystemTime(Date.UTC(2000, 0, 1));
      const after = monotonicMs();
      expect(after).to.be.at.least(before);
    } finally {
      clock.restore();
    }
  });

  it("counts milliseconds: a 5 ms timer is at least about 5 of them", async () => {
    const start = monotonicMs();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(monotonicMs() - start).to.be.at.least(4);
  });
});
