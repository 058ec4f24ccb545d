import { expect } from "chai";
import { MAX_TIMER_MS, timerDelay } from "../../src/core/durations.js";

describe("core/durations timerDelay: any duration a user sets, as a delay a Node timer keeps", () => {
  it("keeps delays a timer holds, and turns zero, negative and NaN into 0", () => {
    expect(timerDelay(250)).to.equal(250);
    expect(timerDelay(MAX_TIMER_MS)).to.equal(MAX_TIMER_MS);
    expect(timerDelay(0)).to.equal(0);
    expect(timerDelay(-5)).to.equal(0);
    expect(timerDelay(Number.NaN)).to.equal(0);
  });

  it("lowers what a timer cannot hold (it would fire after 1 ms) to the largest it can", () => {
    expect(MAX_TIMER_MS).to.equal(2 ** 31 - 1);
    for (const ms of [2 ** 31, 2 ** 40, Number.POSITIVE_INFINITY]) expect(timerDelay(ms), String(ms)).to.equal(MAX_TIMER_MS);
  });
});
