import { expect } from "chai";
import { TestScheduler } from "rxjs/testing";
import { cancellableWait } from "../../src/operators/cancellable-wait.js";

describe("operators/cancellable-wait", () => {
  let scheduler: TestScheduler;
  beforeEach(() => (scheduler = new TestScheduler(() => {})));

  /** Settles the promise's callbacks (TestScheduler does not run microtasks). */
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it("resolves after the delay in virtual time, not before, and leaves no timer", async () => {
    let done = false;
    void cancellableWait(scheduler, 100, undefined).then(() => (done = true));
    scheduler.flush(); // runs to the end of virtual time: the wait fires at 100
    await settle();
    expect(done).to.equal(true);
    expect(scheduler.actions.length).to.equal(0);
  });

  it("waits longer while nextDelay asks for more", async () => {
    const asked: number[] = [];
    let extra = 2;
    let resolvedAt = -1;
    void cancellableWait(scheduler, 50, undefined, () => {
      asked.push(scheduler.now());
      return extra-- > 0 ? 30 : 0;
    }).then(() => (resolvedAt = scheduler.now()));
    scheduler.flush();
    await settle();
    expect(asked).to.deep.equal([50, 80, 110]);
    expect(resolvedAt).to.equal(110);
  });

  it("rejects with the signal's reason and cancels its timer when aborted first", async () => {
    const controller = new AbortController();
    const wait = cancellableWait(scheduler, 1000, controller.signal);
    expect(scheduler.actions.length).to.equal(1);
    controller.abort(new Error("stop"));
    expect(scheduler.actions.filter((action) => !action.closed).length).to.equal(0);
    const reason = await wait.then(
      () => "resolved",
      (err: Error) => err.message,
    );
    expect(reason).to.equal("stop");
  });

  it("rejects at once, scheduling nothing, for a signal that already aborted (an AbortError without a reason)", async () => {
    const controller = new AbortController();
    controller.abort();
    const name = await cancellableWait(scheduler, 10, controller.signal).then(
      () => "resolved",
      (err: DOMException) => err.name,
    );
    expect(name).to.equal("AbortError");
    expect(scheduler.actions.length).to.equal(0);
  });
});
