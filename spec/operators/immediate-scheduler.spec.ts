import { expect } from "chai";
import { asapScheduler, asyncScheduler, of, observeOn } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { immediateScheduler, offStackScheduler, primeImmediate } from "../../src/operators/immediate-scheduler.js";
import { countingScheduler } from "./counting-scheduler.js";

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("operators/immediateScheduler: work handed off the caller's stack, run on the next turn", () => {
  it("runs after the caller's synchronous code and its microtasks, on the next turn of the loop", async () => {
    const order: string[] = [];
    immediateScheduler.schedule(() => void order.push("scheduled"));
    void Promise.resolve().then(() => order.push("microtask"));
    order.push("caller");
    expect(order).to.deep.equal(["caller"]);
    await nextTurn();
    expect(order).to.deep.equal(["caller", "microtask", "scheduled"]);
  });

  it("ignores the delay: a 10-minute delay runs on the next turn too, with its state", async () => {
    const seen: unknown[] = [];
    immediateScheduler.schedule((state) => void seen.push(state), 600_000, "the state");
    await nextTurn();
    expect(seen).to.deep.equal(["the state"]);
  });

  it("unsubscribing before the turn cancels the work", async () => {
    let ran = false;
    immediateScheduler.schedule(() => void (ran = true)).unsubscribe();
    await nextTurn();
    await nextTurn();
    expect(ran).to.equal(false);
  });

  it("an action may reschedule itself, as RxJS operators do", async () => {
    const counts: number[] = [];
    immediateScheduler.schedule(function (this: { schedule(state?: number): unknown }, n = 0) {
      counts.push(n);
      if (n < 2) this.schedule(n + 1);
    }, 0, 0);
    for (let turn = 0; turn < 4; turn++) await nextTurn();
    expect(counts).to.deep.equal([0, 1, 2]);
  });

  it("works under an operator: values arrive in order, off the caller's stack", async () => {
    const seen: number[] = [];
    of(1, 2, 3).pipe(observeOn(immediateScheduler)).subscribe((value) => seen.push(value));
    expect(seen).to.deep.equal([]);
    for (let turn = 0; turn < 4; turn++) await nextTurn();
    expect(seen).to.deep.equal([1, 2, 3]);
    expect(immediateScheduler.now()).to.be.closeTo(asapScheduler.now(), 1000);
  });

  it("primeImmediate leaves nothing pending, and leaves any other scheduler alone", async () => {
    const immediates = (): number => process.getActiveResourcesInfo().filter((name) => name === "Immediate").length;
    const pending = immediates();
    primeImmediate(immediateScheduler);
    expect(immediates()).to.equal(pending);
    const { scheduler, counts } = countingScheduler(new TestScheduler(() => {}));
    primeImmediate(scheduler);
    expect(counts.scheduled).to.equal(0);
  });

  it("offStackScheduler: Node's asyncScheduler becomes setImmediate, a virtual one stays as given", () => {
    const virtual = new TestScheduler(() => {});
    expect(offStackScheduler(asyncScheduler)).to.equal(immediateScheduler);
    expect(offStackScheduler(virtual)).to.equal(virtual);
  });
});
