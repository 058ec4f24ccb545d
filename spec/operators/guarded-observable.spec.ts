import { expect } from "chai";
import { map, Subject } from "rxjs";
import { GuardedObservable } from "../../src/operators/guarded-observable.js";

describe("operators/GuardedObservable: subscribers that cannot hurt anyone else", () => {
  const setup = () => {
    const source = new Subject<number>();
    const thrown: unknown[] = [];
    const guarded = GuardedObservable.from(source.asObservable(), (error) => thrown.push(error));
    return { source, thrown, guarded };
  };

  it("a subscriber whose next throws loses its subscription; the others keep receiving; the throw goes to onThrow", () => {
    const { source, thrown, guarded } = setup();
    const healthy: number[] = [];
    const faulty: number[] = [];
    guarded.subscribe((value) => {
      faulty.push(value);
      if (value === 2) throw new Error("subscriber bug");
    });
    guarded.subscribe((value) => healthy.push(value));
    for (const value of [1, 2, 3]) source.next(value);
    expect(healthy).to.deep.equal([1, 2, 3]);
    expect(faulty).to.deep.equal([1, 2]);
    expect(thrown.map((error) => (error as Error).message)).to.deep.equal(["subscriber bug"]);
    expect(source.observed).to.equal(true);
  });

  it("an error nobody handles goes to onThrow instead of crashing the host from a timer", () => {
    const { source, thrown, guarded } = setup();
    guarded.subscribe(() => {});
    source.error(new Error("stream failed"));
    expect(thrown.map((error) => (error as Error).message)).to.deep.equal(["stream failed"]);
  });

  it("a handled error reaches its handler; handlers that throw (error, complete) go to onThrow", () => {
    const handled: unknown[] = [];
    const first = setup();
    first.guarded.subscribe({ error: (error) => handled.push(error) });
    first.source.error("gone");
    expect(handled).to.deep.equal(["gone"]);
    expect(first.thrown).to.deep.equal([]);
    const second = setup();
    second.guarded.subscribe({
      complete: () => {
        throw new Error("complete handler bug");
      },
    });
    second.source.complete();
    expect(second.thrown.map((error) => (error as Error).message)).to.deep.equal(["complete handler bug"]);
  });

  it("the guard holds through pipe(): the subscriber at the end of a pipeline is guarded, and the operators still work", () => {
    const { source, thrown, guarded } = setup();
    const seen: number[] = [];
    const piped = guarded.pipe(map((value) => value * 10));
    expect(piped).to.be.instanceOf(GuardedObservable);
    piped.subscribe((value) => {
      if (value === 20) throw new Error("in a piped subscriber");
      seen.push(value);
    });
    for (const value of [1, 2, 3]) source.next(value);
    expect(seen).to.deep.equal([10]);
    expect(thrown).to.have.length(1);
  });

  it("a throw during a synchronous emission at subscribe time: that subscriber gets nothing more, and its subscription ends", () => {
    const thrown: unknown[] = [];
    const guarded = new GuardedObservable<number>((subscriber) => {
      for (let i = 0; i < 5; i++) subscriber.next(i);
    }, (error) => thrown.push(error));
    let calls = 0;
    const subscription = guarded.subscribe(() => {
      calls++;
      throw new Error("at once");
    });
    expect(calls).to.equal(1);
    expect(subscription.closed).to.equal(true);
    expect(thrown).to.have.length(1);
  });
});
