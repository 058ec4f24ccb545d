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
});
