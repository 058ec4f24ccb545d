import { expect } from "chai";
import { Subject, map } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { offStackIntake, type OffStackIntakeOptions } from "../../src/operators/off-stack-intake.js";
import { countingScheduler } from "./counting-scheduler.js";

describe("offStackIntake", () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  /** An intake on a Subject, its scheduler virtual (and counted); what it emits is collected. */
  function intakeOf(options: Partial<OffStackIntakeOptions<number>> = {}) {
    const source = new Subject<number>();
    const { scheduler, counts } = countingScheduler(testScheduler);
    const intake = offStackIntake(source, { accept: () => true, maxWaiting: 100, helpCount: 3, scheduler, ...options });
    const seen: number[] = [];
    const notes: string[] = [];
    const subscription = intake.items$.subscribe({
      next: (item) => seen.push(item),
      error: (err: unknown) => notes.push(`error: ${(err as Error).message}`),
      complete: () => notes.push("complete"),
    });
    const push = (from: number, to: number): void => {
      for (let i = from; i < to; i++) source.next(i);
    };
    return { source, intake, seen, notes, counts, subscription, push };
  }

  it("emits nothing inside the calls that bring the items: one task emits them all, in order", () => {
    const { seen, counts, push } = intakeOf();
    push(0, 5);
    expect(seen).to.deep.equal([]);
    expect(counts.scheduled).to.equal(1);
    testScheduler.flush();
    expect(seen).to.deep.equal([0, 1, 2, 3, 4]);
    // The task that ran is released; the next burst schedules one again.
    expect(counts.live).to.equal(0);
    push(5, 7);
    testScheduler.flush();
    expect(seen).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
    expect(counts.scheduled).to.equal(2);
  });

  it("asks accept in the call: a refused item is neither held nor emitted, and schedules nothing", () => {
    const asked: number[] = [];
    const { seen, counts, push } = intakeOf({
      accept: (item) => {
        asked.push(item);
        return item % 2 === 0;
      },
    });
    push(1, 2);
    expect(asked).to.deep.equal([1]);
    expect(counts.scheduled).to.equal(0);
    push(2, 6);
    expect(asked).to.deep.equal([1, 2, 3, 4, 5]);
    testScheduler.flush();
    expect(seen).to.deep.equal([2, 4]);
  });

  it("bounds a burst that never yields: past maxWaiting, the caller emits helpCount of the oldest items itself, in order", () => {
    const { seen, push } = intakeOf({ maxWaiting: 8, helpCount: 3 });
    push(0, 8);
    expect(seen).to.deep.equal([]);
    push(8, 9);
    expect(seen).to.deep.equal([0, 1, 2]);
    push(9, 2000);
    expect(seen).to.deep.equal(Array.from({ length: seen.length }, (_, i) => i));
    expect(2000 - seen.length).to.be.at.most(8);
    testScheduler.flush();
    expect(seen).to.deep.equal(Array.from({ length: 2000 }, (_, i) => i));
  });

  it("a burst longer than the room made at subscribe is held whole when maxWaiting allows", () => {
    const { seen, push } = intakeOf({ maxWaiting: 5000 });
    push(0, 3000);
    expect(seen).to.deep.equal([]);
    testScheduler.flush();
    expect(seen).to.deep.equal(Array.from({ length: 3000 }, (_, i) => i));
    push(3000, 3002);
    testScheduler.flush();
    expect(seen.slice(-3)).to.deep.equal([2999, 3000, 3001]);
  });

  it("flush() emits everything waiting at once, and the task then finds nothing", () => {
    const { intake, seen, counts, push } = intakeOf();
    push(0, 4);
    intake.flush();
    expect(seen).to.deep.equal([0, 1, 2, 3]);
    expect(counts.live).to.equal(0);
    testScheduler.flush();
    expect(seen).to.deep.equal([0, 1, 2, 3]);
  });

  it("completing or erroring emits everything waiting first", () => {
    const completing = intakeOf();
    completing.push(0, 3);
    completing.source.complete();
    expect(completing.seen).to.deep.equal([0, 1, 2]);
    expect(completing.notes).to.deep.equal(["complete"]);

    const erroring = intakeOf();
    erroring.push(0, 2);
    erroring.source.error(new Error("upstream"));
    expect(erroring.seen).to.deep.equal([0, 1]);
    expect(erroring.notes).to.deep.equal(["error: upstream"]);
    expect(erroring.counts.live).to.equal(0);
  });

  it("unsubscribing is a hard stop: the task is cancelled, the waiting items are dropped, later items are not taken", () => {
    const asked: number[] = [];
    const { source, seen, counts, subscription, push } = intakeOf({ accept: (item) => (asked.push(item), true) });
    push(0, 3);
    subscription.unsubscribe();
    expect(counts.live).to.equal(0);
    source.next(9);
    testScheduler.flush();
    expect(seen).to.deep.equal([]);
    expect(asked).to.deep.equal([0, 1, 2]);
    expect(source.observed).to.equal(false);
  });

  it("a throw downstream while emitting becomes an error downstream and never reaches the caller", () => {
    const source = new Subject<number>();
    const intake = offStackIntake(source, { accept: () => true, maxWaiting: 2, helpCount: 2, scheduler: testScheduler });
    const notes: string[] = [];
    intake.items$
      .pipe(
        map((item) => {
          if (item === 1) throw new Error("downstream broke");
          return item;
        }),
      )
      .subscribe({ error: (err: unknown) => notes.push((err as Error).message) });
    // The third item makes this call help: the throw happens on the caller's stack.
    expect(() => {
      for (let i = 0; i < 3; i++) source.next(i);
    }).not.to.throw();
    expect(notes).to.deep.equal(["downstream broke"]);
    expect(source.observed).to.equal(false);
    testScheduler.flush();
    expect(notes).to.deep.equal(["downstream broke"]);
  });

  it("items that arrive while a task emits (a stage downstream that feeds the source) wait for the next task", () => {
    const source = new Subject<number>();
    const intake = offStackIntake(source, { accept: () => true, maxWaiting: 100, helpCount: 3, scheduler: testScheduler });
    const seen: number[] = [];
    intake.items$.subscribe((item) => {
      seen.push(item);
      if (item < 3) source.next(item + 10);
    });
    source.next(0);
    source.next(1);
    testScheduler.flush();
    expect(seen).to.deep.equal([0, 1, 10, 11]);
  });

  it("rejects a maxWaiting or helpCount that is not an integer >= 1", () => {
    for (const bad of [{ maxWaiting: 0, helpCount: 1 }, { maxWaiting: 2, helpCount: 1.5 }, { maxWaiting: Number.NaN, helpCount: 1 }]) {
      expect(() => offStackIntake(new Subject<number>(), { accept: () => true, ...bad })).to.throw(FlowlogSinkError, /offStackIntake: (maxWaiting|helpCount)/);
    }
  });
});
