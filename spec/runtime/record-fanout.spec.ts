import { expect } from "chai";
import { RecordFanout, type FanoutListener } from "../../src/runtime/record-fanout.js";

/** A listener that notes what it is told, under a name. */
function noting(name: string, notes: string[]): FanoutListener<number> {
  return { next: (item) => notes.push(`${name}:${item}`), complete: () => notes.push(`${name}:end`) };
}

describe("runtime/RecordFanout", () => {
  it("hands each item to every listener, in the order they started listening, then completes them", () => {
    const fanout = new RecordFanout<number>();
    const notes: string[] = [];
    fanout.listen(noting("a", notes));
    fanout.next(1);
    fanout.listen(noting("b", notes));
    fanout.next(2);
    fanout.complete();
    expect(notes).to.deep.equal(["a:1", "a:2", "b:2", "a:end", "b:end"]);
  });

  it("a listener that stops hears nothing more; stopping twice removes nothing else", () => {
    const fanout = new RecordFanout<number>();
    const notes: string[] = [];
    const listener = noting("same", notes);
    const first = fanout.listen(listener);
    fanout.listen(listener);
    first();
    first();
    fanout.next(1);
    expect(notes).to.deep.equal(["same:1"]);
  });

  it("a listener added or removed while an item is handed out takes effect from the next item", () => {
    const fanout = new RecordFanout<number>();
    const notes: string[] = [];
    let stopB = (): void => undefined;
    fanout.listen({
      next: (item) => {
        notes.push(`a:${item}`);
        if (item === 1) {
          fanout.listen(noting("late", notes));
          stopB();
        }
      },
      complete: () => undefined,
    });
    stopB = fanout.listen(noting("b", notes));
    fanout.next(1);
    fanout.next(2);
    expect(notes).to.deep.equal(["a:1", "b:1", "a:2", "late:2"]);
  });

  it("after complete(): items are ignored and a new listener completes at once", () => {
    const fanout = new RecordFanout<number>();
    const notes: string[] = [];
    fanout.complete();
    fanout.complete();
    fanout.next(1);
    fanout.listen(noting("late", notes));
    expect(notes).to.deep.equal(["late:end"]);
  });

  it("as an Observable: each subscriber gets the items from its subscription on, until it unsubscribes or the fan-out completes", () => {
    const fanout = new RecordFanout<number>();
    const seen: string[] = [];
    const early = fanout.observable.subscribe({ next: (item) => seen.push(`early:${item}`), complete: () => seen.push("early:end") });
    fanout.next(1);
    fanout.observable.subscribe({ next: (item) => seen.push(`late:${item}`), complete: () => seen.push("late:end") });
    fanout.next(2);
    early.unsubscribe();
    fanout.next(3);
    fanout.complete();
    fanout.observable.subscribe({ complete: () => seen.push("after:end") });
    expect(seen).to.deep.equal(["early:1", "early:2", "late:2", "late:3", "late:end", "after:end"]);
  });

  it("a subscriber unsubscribed by another while an item is handed out does not get it", () => {
    const fanout = new RecordFanout<number>();
    const seen: number[] = [];
    let second = { unsubscribe: (): void => undefined };
    fanout.observable.subscribe(() => second.unsubscribe());
    second = fanout.observable.subscribe((item) => seen.push(item));
    fanout.next(1);
    expect(seen).to.deep.equal([]);
  });
});
