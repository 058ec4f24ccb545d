import { expect } from "chai";
import { EMPTY, Observable, Subject, map, throwError, type SchedulerLike } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import sinon from "sinon";
import type { DeliveryEvent } from "../../src/core/delivery.js";
import type { LogRecord } from "../../src/core/record.js";
import { RecordFanout } from "../../src/runtime/record-fanout.js";
import { SinkRunner } from "../../src/runtime/sink-runner.js";
import type { Sink, SinkContext } from "../../src/sinks/sink.js";
import { coalesced, record } from "../operators/test-records.js";

/** A runner over a record fan-out (the logger's stream), with its warnings and dead-lettered records collected. */
function harness(sink: Sink, scheduler: SchedulerLike = new TestScheduler(() => {})) {
  const source = new RecordFanout<LogRecord>();
  const warnings: string[] = [];
  const deadLettered: { sink: string; reason: string; ids: number[] }[] = [];
  const runner = new SinkRunner(sink, source, {
    scheduler,
    warn: (message) => warnings.push(message),
    deadLetter: (name, reason, records) => {
      deadLettered.push({ sink: name, reason, ids: records.map((r) => r.time) });
      return records.length;
    },
  });
  runner.start();
  return { source, runner, warnings, deadLettered };
}

/** A sink whose pipeline maps each record to the event `outcome` gives it. */
function mappingSink(name: string, minLevel: number, outcome: (record: LogRecord) => DeliveryEvent, remote = false): Sink {
  return { name, minLevel, remote, connect: (records$) => records$.pipe(map(outcome)) };
}

describe("runtime/SinkRunner", () => {
  it("takes records at or above the sink's level and counts each outcome", async () => {
    const sink = mappingSink("s", 30, (r) => (r.levelno >= 40 ? { kind: "failed", records: [r], error: "no" } : { kind: "delivered", count: 1 }));
    const { source, runner, warnings } = harness(sink);
    source.next(record(1, "INFO"));
    source.next(record(2, "WARNING"));
    source.next(record(3, "ERROR"));
    source.complete();
    await runner.done;
    expect(runner.counters.snapshot()).to.include({ accepted: 2, delivered: 1, failed: 1, dropped: 0, deadLettered: 0, lastError: "no" });
    expect(warnings).to.deep.equal(['sink "s" could not deliver 1 record(s): no; further failures are counted in the report']);
  });

  it("a level changed at run time applies to the next record", async () => {
    const { source, runner } = harness(mappingSink("s", 30, () => ({ kind: "delivered", count: 1 })));
    source.next(record(1, "INFO"));
    runner.minLevel = 10;
    source.next(record(2, "INFO"));
    source.complete();
    await runner.done;
    expect(runner.counters.snapshot()).to.include({ accepted: 1, delivered: 1 });
  });

  it("detach() ends the input: a record handed out after it, even the one being handed out, is neither seen nor counted", async () => {
    const seen: number[] = [];
    const sink: Sink = { name: "s", minLevel: 10, remote: false, connect: (records$) => records$.pipe(map((r): DeliveryEvent => (seen.push(r.time), { kind: "delivered", count: 1 }))) };
    const source = new RecordFanout<LogRecord>();
    let runner: SinkRunner | undefined;
    // Listens before the runner: detaches it while record 2 is being handed out.
    source.listen({ next: (r) => (r.time === 2 ? runner?.detach() : undefined), complete: () => undefined });
    runner = new SinkRunner(sink, source, { scheduler: new TestScheduler(() => {}), warn: () => undefined, deadLetter: () => 0 });
    runner.start();
    source.next(record(1, "INFO"));
    source.next(record(2, "INFO"));
    source.next(record(3, "INFO"));
    await runner.done;
    expect(seen).to.deep.equal([1]);
    expect(runner.counters.snapshot()).to.include({ accepted: 1, delivered: 1 });
    expect(runner.counters.pending).to.equal(0);
  });

  it("dead-letters a remote sink's failed records and counts a coalesced record by its weight", async () => {
    const alert = coalesced(7, 5);
    const sink = mappingSink("discord", 10, (r) => ({ kind: "failed", records: [r], error: "HTTP 404" }), true);
    const { source, runner, deadLettered } = harness(sink);
    source.next(alert);
    source.complete();
    await runner.done;
    expect(deadLettered).to.deep.equal([{ sink: "discord", reason: "HTTP 404", ids: [7] }]);
    expect(runner.counters.snapshot()).to.include({ accepted: 1, failed: 5, deadLettered: 1 });
  });

  it("a local sink's failures are counted but never dead-lettered", async () => {
    const { source, runner, deadLettered } = harness(mappingSink("file", 10, (r) => ({ kind: "failed", records: [r], error: "ENOSPC" })));
    source.next(record(1, "ERROR"));
    source.complete();
    await runner.done;
    expect(deadLettered).to.deep.equal([]);
    expect(runner.counters.snapshot()).to.include({ failed: 1, deadLettered: 0 });
  });

  it("keeps a failed event's well-formed facts as lastFailure, on the logger's clock; ill-formed ones are left out", async () => {
    const scheduler = new TestScheduler(() => {});
    const events: DeliveryEvent[] = [];
    const sink = mappingSink("hook", 10, () => events.shift()!, true);
    const { source, runner } = harness(sink, scheduler);
    events.push({ kind: "failed", records: [record(1)], error: "HTTP 500", statusCode: 500, attempts: 4 });
    source.next(record(1));
    expect(runner.counters.snapshot().lastFailure).to.deep.equal({ message: "HTTP 500", statusCode: 500, attempts: 4, at: "1970-01-01T00:00:00.000Z" });
    const bogus = { kind: "failed", records: [record(2)], error: "odd", code: "has spaces", statusCode: 42, attempts: "3" } as unknown as DeliveryEvent;
    events.push(bogus);
    source.next(record(2));
    expect(runner.counters.snapshot()).to.deep.include({ lastError: "odd", lastFailure: { message: "odd", at: "1970-01-01T00:00:00.000Z" } });
    source.complete();
    await runner.done;
  });

  it("a crashed pipeline's lastFailure carries the thrown error's code", async () => {
    const sink: Sink = { name: "s", minLevel: 10, remote: false, connect: () => throwError(() => Object.assign(new Error("disk gone"), { code: "EIO" })) };
    const { runner } = harness(sink);
    await runner.done;
    const snapshot = runner.counters.snapshot();
    expect(snapshot.lastFailure).to.deep.include({ message: snapshot.lastError, code: "EIO" });
  });

  it("warns once per kind of trouble, however often it happens", async () => {
    const { source, runner, warnings } = harness(mappingSink("s", 10, () => ({ kind: "dropped", count: 1, reason: "queue_full" })));
    for (let i = 0; i < 50; i++) source.next(record(i, "INFO"));
    source.complete();
    await runner.done;
    expect(runner.counters.snapshot().droppedBy.queue_full).to.equal(50);
    expect(warnings).to.deep.equal(['sink "s" is shedding records (queue_full); the report counts them']);
  });

  it("a pipeline that errors counts what it held as failed and is restarted, then given up after 5 restarts", async () => {
    let connects = 0;
    const sink: Sink = {
      name: "buggy",
      minLevel: 10,
      remote: false,
      connect: (records$) =>
        new Observable<DeliveryEvent>((subscriber) =>
          records$.subscribe(() => {
            connects++;
            subscriber.error(new Error("bug"));
          }),
        ),
    };
    const { source, runner, warnings } = harness(sink);
    for (let i = 0; i < 6; i++) source.next(record(i, "INFO"));
    await runner.done;
    expect(connects).to.equal(6);
    expect(runner.counters.snapshot()).to.include({ accepted: 6, failed: 6, lastError: "sink pipeline error: Error: bug" });
    expect(warnings).to.deep.equal([
      'sink "buggy" failed (sink pipeline error: Error: bug); restarting it',
      'sink "buggy" failed 6 times and is stopped: sink pipeline error: Error: bug',
    ]);
  });

  it("a sink whose connect throws is isolated like one whose pipeline errors", async () => {
    const sink: Sink = { name: "x", minLevel: 10, remote: false, connect: () => { throw new Error("cannot open"); } };
    const { runner } = harness(sink);
    await runner.done;
    expect(runner.counters.snapshot().lastError).to.equal("sink pipeline error: Error: cannot open");
  });

  /** A remote sink that holds every record and, when stopped, gives back only the first through abandon. */
  function holdingSink(): Sink {
    const held: LogRecord[] = [];
    return {
      name: "slow",
      minLevel: 10,
      remote: true,
      connect: (records$, context) =>
        new Observable<DeliveryEvent>(() => {
          const subscription = records$.subscribe((r) => held.push(r));
          return () => {
            subscription.unsubscribe();
            context.abandon(held.splice(0, 1)); // gives one back; the other stays unaccounted
          };
        }),
    };
  }

  it("abort() hands what the sink still holds to abandon (dead-lettered for a remote sink) and counts the rest failed", async () => {
    const { source, runner, deadLettered } = harness(holdingSink());
    source.next(record(1, "ERROR"));
    source.next(record(2, "ERROR"));
    runner.abort("process exit before delivery");
    await runner.done;
    expect(deadLettered).to.deep.equal([{ sink: "slow", reason: "stopped before delivery (deadline or exit)", ids: [1] }]);
    expect(runner.counters.snapshot()).to.include({ accepted: 2, failed: 2, lastError: "process exit before delivery" });
    // An exit is no timeout: the failure carries no code.
    expect(runner.counters.snapshot().lastFailure).to.not.have.property("code");
  });

  it("abort() with facts (complete()'s deadline: ETIMEDOUT) puts them on the abandoned records' failure and on the rest's", async () => {
    const { source, runner } = harness(holdingSink());
    source.next(record(1, "ERROR"));
    source.next(record(2, "ERROR"));
    const recorded = sinon.spy(runner.counters, "recordFailure");
    runner.abort("deadline of 300 ms passed before delivery", { code: "ETIMEDOUT" });
    await runner.done;
    expect(recorded.args.map(([message, facts]) => ({ message, ...facts }))).to.deep.equal([
      { message: "stopped before delivery (deadline or exit)", code: "ETIMEDOUT" },
      { message: "deadline of 300 ms passed before delivery", code: "ETIMEDOUT" },
    ]);
    expect(runner.counters.snapshot().lastFailure).to.deep.include({ message: "deadline of 300 ms passed before delivery", code: "ETIMEDOUT" });
  });

  it("detach() ends the sink's input while the source goes on", async () => {
    const { source, runner } = harness(mappingSink("s", 10, () => ({ kind: "delivered", count: 1 })));
    source.next(record(1, "INFO"));
    runner.detach();
    source.next(record(2, "INFO"));
    await runner.done;
    expect(runner.finished).to.equal(true);
    expect(runner.counters.snapshot()).to.include({ accepted: 1, delivered: 1 });
  });

  it("counts records it never saw (after complete) as dropped, in the sum", () => {
    const { runner } = harness({ name: "s", minLevel: 10, remote: false, connect: () => EMPTY });
    runner.countDropped("after_complete", 3);
    expect(runner.counters.snapshot()).to.include({ accepted: 3, dropped: 3 });
    expect(runner.counters.snapshot().droppedBy.after_complete).to.equal(3);
  });

  describe("a sink that asks for an off-stack intake (remote sinks)", () => {
    /**
     * A remote sink whose pipeline notes each record it is handed and each flush$ emission, in
     * order, and delivers every record; it asks for an off-stack intake.
     */
    function intakeSink(intake = { maxWaiting: 100, helpCount: 10 }) {
      const seen: string[] = [];
      const sink: Sink = {
        name: "alerts",
        minLevel: 40,
        remote: true,
        offStackIntake: intake,
        connect: (records$, context) =>
          new Observable<DeliveryEvent>((subscriber) => {
            const flushes = context.flush$.subscribe(() => seen.push("flush"));
            const records = records$.subscribe({
              next: (r) => {
                seen.push(`r${r.time}`);
                subscriber.next({ kind: "delivered", count: 1 });
              },
              complete: () => subscriber.complete(),
            });
            return () => {
              flushes.unsubscribe();
              records.unsubscribe();
            };
          }),
      };
      return { sink, seen };
    }

    it("the call only checks the level, counts the record and queues it: the sink's pipeline gets it from the hand-off", () => {
      const scheduler = new TestScheduler(() => {});
      const { sink, seen } = intakeSink();
      const { source, runner } = harness(sink, scheduler);
      source.next(record(1, "ERROR"));
      source.next(record(2, "INFO"));
      expect(seen).to.deep.equal([]);
      expect(runner.counters.snapshot()).to.include({ accepted: 1, delivered: 0 });
      // A level changed at run time applies to the next call, not to when the hand-off runs.
      runner.minLevel = 20;
      source.next(record(3, "INFO"));
      runner.minLevel = 40;
      scheduler.flush();
      expect(seen).to.deep.equal(["r1", "r3"]);
      expect(runner.counters.snapshot()).to.include({ accepted: 2, delivered: 2 });
    });

    it("flushNow() hands the waiting records on before the sink's own flush, so a flush at exit finds them in its batches", () => {
      const { sink, seen } = intakeSink();
      const { source, runner } = harness(sink);
      source.next(record(1, "ERROR"));
      source.next(record(2, "ERROR"));
      runner.flushNow();
      expect(seen).to.deep.equal(["r1", "r2", "flush"]);
    });

    it("complete and detach() hand the waiting records on before the input ends", async () => {
      const completing = intakeSink();
      const first = harness(completing.sink);
      first.source.next(record(1, "ERROR"));
      first.source.complete();
      await first.runner.done;
      expect(completing.seen).to.deep.equal(["r1"]);
      expect(first.runner.counters.snapshot()).to.include({ accepted: 1, delivered: 1 });

      const detaching = intakeSink();
      const second = harness(detaching.sink);
      second.source.next(record(1, "ERROR"));
      second.runner.detach();
      second.source.next(record(2, "ERROR"));
      await second.runner.done;
      expect(detaching.seen).to.deep.equal(["r1"]);
      expect(second.runner.counters.snapshot()).to.include({ accepted: 1, delivered: 1 });
    });

    it("abort() moves the waiting records into the sink first: what it holds then is abandoned, dead-lettered", async () => {
      const held: LogRecord[] = [];
      const sink: Sink = {
        name: "hanging",
        minLevel: 10,
        remote: true,
        offStackIntake: { maxWaiting: 100, helpCount: 10 },
        connect: (records$, context) =>
          new Observable<DeliveryEvent>(() => {
            const subscription = records$.subscribe((r) => held.push(r));
            return () => {
              subscription.unsubscribe();
              context.abandon(held.splice(0));
            };
          }),
      };
      const { source, runner, deadLettered } = harness(sink);
      source.next(record(1, "ERROR"));
      source.next(record(2, "ERROR"));
      runner.abort("deadline passed");
      await runner.done;
      expect(deadLettered).to.deep.equal([{ sink: "hanging", reason: "stopped before delivery (deadline or exit)", ids: [1, 2] }]);
      expect(runner.counters.snapshot()).to.include({ accepted: 2, failed: 2, deadLettered: 2 });
    });

    it("a burst that never yields holds at most maxWaiting records: past it, the calls hand helpCount on themselves", () => {
      const { sink, seen } = intakeSink({ maxWaiting: 5, helpCount: 2 });
      const { source } = harness(sink);
      for (let i = 1; i <= 6; i++) source.next(record(i, "ERROR"));
      expect(seen).to.deep.equal(["r1", "r2"]);
      for (let i = 7; i <= 30; i++) source.next(record(i, "ERROR"));
      expect(30 - seen.length).to.be.at.most(5);
    });
  });

  it("an error notification from a sink never reaches the caller", async () => {
    const { source, runner } = harness({ name: "e", minLevel: 10, remote: false, connect: () => throwError(() => new Error("boom")) });
    expect(() => source.next(record(1, "INFO"))).not.to.throw();
    await runner.done;
    expect(runner.counters.snapshot().lastError).to.equal("sink pipeline error: Error: boom");
  });
});
