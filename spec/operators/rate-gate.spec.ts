import { expect } from "chai";
import { asyncScheduler } from "rxjs";
import sinon from "sinon";
import { RateGate } from "../../src/operators/rate-gate.js";
import { countingScheduler } from "./counting-scheduler.js";

describe("RateGate", () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => clock.restore());

  /** Tracks a promise's settlement without awaiting it. */
  function track(promise: Promise<void>): { state: "pending" | "resolved" | "rejected"; reason?: unknown } {
    const result: { state: "pending" | "resolved" | "rejected"; reason?: unknown } = { state: "pending" };
    promise.then(
      () => (result.state = "resolved"),
      (reason: unknown) => {
        result.state = "rejected";
        result.reason = reason;
      },
    );
    return result;
  }

  it("is open until paused, closed for the pause, then open again", async () => {
    const gate = new RateGate();
    expect(gate.isOpen()).to.equal(true);
    expect(gate.remainingMs()).to.equal(0);
    gate.pauseFor(1000);
    expect(gate.isOpen()).to.equal(false);
    expect(gate.remainingMs()).to.equal(1000);
    await clock.tickAsync(999);
    expect(gate.isOpen()).to.equal(false);
    await clock.tickAsync(1);
    expect(gate.isOpen()).to.equal(true);
  });

  it("extends a pause but never shortens it", () => {
    const gate = new RateGate();
    gate.pauseFor(1000);
    gate.pauseFor(200);
    expect(gate.remainingMs()).to.equal(1000);
    gate.pauseFor(3000);
    expect(gate.remainingMs()).to.equal(3000);
  });

  it("ignores zero, negative and non-finite pauses", () => {
    const gate = new RateGate();
    for (const ms of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) gate.pauseFor(ms);
    expect(gate.isOpen()).to.equal(true);
  });

  it("whenOpen resolves at once when open, without a timer", async () => {
    const { scheduler, counts } = countingScheduler(asyncScheduler);
    const gate = new RateGate(scheduler);
    const waiting = track(gate.whenOpen());
    await Promise.resolve();
    expect(waiting.state).to.equal("resolved");
    expect(counts.scheduled).to.equal(0);
  });

  it("whenOpen resolves when the pause has passed, not before", async () => {
    const { scheduler, counts } = countingScheduler(asyncScheduler);
    const gate = new RateGate(scheduler);
    gate.pauseFor(1000);
    const waiting = track(gate.whenOpen());
    await clock.tickAsync(999);
    expect(waiting.state).to.equal("pending");
    await clock.tickAsync(1);
    expect(waiting.state).to.equal("resolved");
    expect(counts.live).to.equal(0);
  });

  it("whenOpen waits for a pause extended while it waits", async () => {
    const gate = new RateGate();
    gate.pauseFor(1000);
    const waiting = track(gate.whenOpen());
    await clock.tickAsync(500);
    gate.pauseFor(2000); // now open at 2500
    await clock.tickAsync(1999);
    expect(waiting.state).to.equal("pending");
    await clock.tickAsync(1);
    expect(waiting.state).to.equal("resolved");
  });

  it("holds every waiter back, and releases them together", async () => {
    const gate = new RateGate();
    gate.pauseFor(300);
    const waiters = [track(gate.whenOpen()), track(gate.whenOpen()), track(gate.whenOpen())];
    await clock.tickAsync(299);
    expect(waiters.map((w) => w.state)).to.deep.equal(["pending", "pending", "pending"]);
    await clock.tickAsync(1);
    expect(waiters.map((w) => w.state)).to.deep.equal(["resolved", "resolved", "resolved"]);
  });

  it("whenOpen rejects with the signal's reason on abort and cancels its timer", async () => {
    const { scheduler, counts } = countingScheduler(asyncScheduler);
    const gate = new RateGate(scheduler);
    gate.pauseFor(10_000);
    const controller = new AbortController();
    const waiting = track(gate.whenOpen(controller.signal));
    await clock.tickAsync(100);
    expect(counts.live).to.equal(1);
    controller.abort("hard stop");
    await Promise.resolve();
    expect(waiting).to.deep.equal({ state: "rejected", reason: "hard stop" });
    expect(counts.live).to.equal(0);
    expect(clock.countTimers()).to.equal(0);
  });

  it("whenOpen rejects at once with an already-aborted signal, even when open", async () => {
    const gate = new RateGate();
    const controller = new AbortController();
    controller.abort();
    const waiting = track(gate.whenOpen(controller.signal));
    await Promise.resolve();
    expect(waiting.state).to.equal("rejected");
    expect((waiting.reason as DOMException).name).to.equal("AbortError");
  });
});
