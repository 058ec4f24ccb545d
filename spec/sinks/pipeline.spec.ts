import { expect } from "chai";
import { NEVER, Subject, type Observable } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import type { DeliveryEvent } from "../../src/core/delivery.js";
import type { LogRecord } from "../../src/core/record.js";
import { deliveryPipeline, type BatchingOptions } from "../../src/sinks/pipeline.js";
import type { SinkContext } from "../../src/sinks/sink.js";
import { ids, record } from "../operators/test-records.js";

describe("sinks/deliveryPipeline", () => {
  let scheduler: TestScheduler;
  beforeEach(() => (scheduler = new TestScheduler((actual, expected) => void expect(actual).to.deep.equal(expected))));

  const batching: BatchingOptions = { batchMs: 100, maxBatch: 3, maxQueue: 10, concurrency: 1 };
  const context = (flush$: Observable<void> = NEVER, abandoned: LogRecord[][] = []): SinkContext => ({
    flush$,
    scheduler,
    abandon: (records) => abandoned.push([...records]),
  });

  it("writes a batch when it is full or when batchMs has passed since its first record, in virtual time", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const batches: number[][] = [];
      const records = { a: record(1), b: record(2), c: record(3), d: record(4) };
      const source = cold("a b c d 200ms |", records);
      const events = source.pipe(deliveryPipeline(context(), batching, { deliver: (batch) => void batches.push(ids(batch)) }));
      // (spaces in marbles are only for reading) a, b, c fill a batch at frame 2; d, at 3, waits its 100 ms.
      expectObservable(events).toBe("--x 100ms y 100ms |", { x: { kind: "delivered", count: 3 }, y: { kind: "delivered", count: 1 } });
      scheduler.flush();
      expect(batches).to.deep.equal([[1, 2, 3], [4]]);
    });
  });

  it("flush$ writes the batch being gathered at once", () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const flush$ = hot<void>("--f", { f: undefined });
      const source = cold("a 500ms |", { a: record(1) });
      const events = source.pipe(deliveryPipeline(context(flush$), batching, { deliver: () => undefined }));
      expectObservable(events).toBe("--x 498ms |", { x: { kind: "delivered", count: 1 } });
    });
  });

  it("a throwing deliver fails its batch as an event, and the pipeline goes on", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold("abc def |", { a: record(1), b: record(2), c: record(3), d: record(4), e: record(5), f: record(6) });
      let calls = 0;
      const deliver = (): void => {
        if (++calls === 1) throw new Error("disk full");
      };
      const events = source.pipe(deliveryPipeline(context(), batching, { deliver }));
      expectObservable(events).toBe("--x--y|", {
        x: { kind: "failed", records: [record(1), record(2), record(3)], error: "Error: disk full" } satisfies DeliveryEvent,
        y: { kind: "delivered", count: 3 },
      });
    });
  });

  it("a hard stop hands the queued and in-flight records to the context's abandon", () => {
    const abandoned: LogRecord[][] = [];
    const source = new Subject<LogRecord>();
    const subscription = source
      .pipe(deliveryPipeline(context(NEVER, abandoned), { ...batching, maxBatch: 1 }, { deliver: () => NEVER }))
      .subscribe();
    source.next(record(1));
    source.next(record(2));
    subscription.unsubscribe();
    expect(abandoned.map(ids)).to.deep.equal([[1, 2]]);
  });

  describe("a synchronous burst to a sink that hands full batches off (the file sink)", () => {
    /** Pushes `count` records in one synchronous run; per push, how many records that call had delivered. */
    function burst(maxBatch: number, count: number) {
      const source = new Subject<LogRecord>();
      const delivered: number[][] = [];
      const perCall: number[] = [];
      const waiting: number[] = [];
      const options: BatchingOptions = { batchMs: 1_000_000, maxBatch, maxQueue: 1_000_000, concurrency: 1, handOff: true };
      const subscription = source.pipe(deliveryPipeline(context(), options, { deliver: (batch) => void delivered.push(ids(batch)) })).subscribe();
      let total = 0;
      for (let id = 1; id <= count; id++) {
        const before = total;
        source.next(record(id));
        total = delivered.reduce((sum, batch) => sum + batch.length, 0);
        perCall.push(total - before);
        waiting.push(id - total);
      }
      return { source, subscription, delivered, perCall, waiting };
    }

    it("at most one batch waits: a burst of one batch writes nothing in the calls, the next call writes part of it", () => {
      const { delivered, waiting, subscription } = burst(8, 9);
      // Eight records: a full batch handed off (to setImmediate, here the virtual scheduler), none written.
      expect(waiting.slice(0, 8)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
      // The ninth call passes the bound and writes the oldest 3/4 of a batch (6), never a whole one.
      expect(delivered).to.deep.equal([[1, 2, 3, 4, 5, 6]]);
      expect(waiting[8]).to.equal(3);
      // Once the burst yields, the hand-off writes the rest of the handed-off batch off the callers' stack.
      scheduler.flush();
      expect(delivered).to.deep.equal([[1, 2, 3, 4, 5, 6], [7, 8]]);
      subscription.unsubscribe();
    });

    it("through a long burst no more than a batch waits, each help is under a batch, and everything arrives in order", () => {
      const { source, delivered, waiting, perCall } = burst(8, 500);
      expect(Math.max(...waiting)).to.equal(8);
      expect(Math.max(...perCall)).to.equal(6);
      source.complete(); // as complete() does: what waits is written
      expect(delivered.flat()).to.deep.equal(Array.from({ length: 500 }, (_, index) => index + 1));
    });

    it("with the default batch of 2,048, the first help is 64 records, doubling to 512 until 4,096 are written, then to 1,536, and fewer than one call in 1,000 helps", () => {
      const { perCall, waiting, subscription } = burst(2048, 200_000);
      const helps = perCall.filter((count) => count > 0);
      // 64 + 128 + 256 + 8 x 512 = 4,544: the cold helps stay at 512 until 4,096 are written.
      expect(helps.slice(0, 13)).to.deep.equal([64, 128, 256, 512, 512, 512, 512, 512, 512, 512, 512, 1024, 1536]);
      expect(Math.max(...helps)).to.equal(1536);
      // Over a 200,000-record burst: 5 helps more than a ramp doubling straight to 1,536 (133).
      expect(helps.length).to.equal(138);
      expect(helps.length).to.be.below(200_000 / 1000);
      expect(waiting.reduce((most, count) => Math.max(most, count), 0)).to.equal(2048);
      subscription.unsubscribe();
    });
  });
});
