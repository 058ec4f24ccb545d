import { expect } from "chai";
import sinon from "sinon";
import { startDeadline } from "../../src/io/deadline.js";

describe("io/deadline", () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  it("aborts with the timeout reason when the deadline passes, and says it expired", () => {
    const deadline = startDeadline(1000, undefined, () => new Error("too slow"));
    clock.tick(999);
    expect(deadline.signal.aborted).to.equal(false);
    clock.tick(1);
    expect(deadline.signal.aborted).to.equal(true);
    expect((deadline.signal.reason as Error).message).to.equal("too slow");
    expect(deadline.expired).to.equal(true);
    deadline.release();
  });

  it("aborts with the caller's reason when the caller aborts first; not expired", () => {
    const caller = new AbortController();
    const deadline = startDeadline(1000, caller.signal, () => "timeout");
    caller.abort("stop");
    expect([deadline.signal.aborted, deadline.signal.reason, deadline.expired]).to.deep.equal([true, "stop", false]);
    deadline.release();
  });

  it("is aborted at once by a caller signal that already aborted", () => {
    const deadline = startDeadline(1000, AbortSignal.abort("gone"), () => "timeout");
    expect([deadline.signal.aborted, deadline.signal.reason]).to.deep.equal([true, "gone"]);
    deadline.release();
  });

  it("release() leaves no timer and no listener on the caller's signal", () => {
    const caller = new AbortController();
    const deadline = startDeadline(1000, caller.signal, () => "timeout");
    deadline.release();
    expect(clock.countTimers()).to.equal(0);
    caller.abort("later");
    clock.tick(5000);
    expect(deadline.signal.aborted).to.equal(false);
    deadline.release();
  });
});
