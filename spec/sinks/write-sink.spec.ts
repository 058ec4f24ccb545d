import { expect } from "chai";
import { NEVER, Subject, type Observable } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FlowlogSinkError } from "../../src/core/errors.js";
import type { DeliveryEvent } from "../../src/core/delivery.js";
import type { LogRecord } from "../../src/core/record.js";
import type { SinkContext } from "../../src/sinks/sink.js";
import { WriteSink } from "../../src/sinks/write-sink.js";
import { ids, record } from "../operators/test-records.js";

describe("sinks/WriteSink", () => {
  let scheduler: TestScheduler;
  beforeEach(() => (scheduler = new TestScheduler((actual, expected) => void expect(actual).to.deep.equal(expected))));
  const context = (flush$: Observable<void> = NEVER): SinkContext => ({ flush$, scheduler, abandon: () => {} });

  /** Feeds records to the sink's pipeline and collects its events. */
  function drive(sink: WriteSink) {
    const source = new Subject<LogRecord>();
    const events: DeliveryEvent[] = [];
    sink.connect(source, context()).subscribe((event) => events.push(event));
    return { source, events };
  }

  it("hands each batch to the function and counts it delivered when it returns", () => {
    const written: number[][] = [];
    const { source, events } = drive(new WriteSink((records) => void written.push(ids(records)), { maxBatch: 2 }));
    for (let id = 1; id <= 5; id++) source.next(record(id));
    source.complete();
    expect(written).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect(events).to.deep.equal([2, 2, 1].map((count) => ({ kind: "delivered", count })));
  });

  it("a throw fails that batch only", () => {
    const { source, events } = drive(
      new WriteSink((records) => {
        if (records[0].time === 1) throw new Error("duplicate key");
      }, { maxBatch: 1 }),
    );
    source.next(record(1));
    source.next(record(2));
    source.complete();
    expect(events).to.deep.equal([
      { kind: "failed", records: [record(1)], error: "Error: duplicate key" },
      { kind: "delivered", count: 1 },
    ]);
  });

  it("a write that never settles fails its records after timeoutMs (virtual time), and its signal aborts", () => {
    let signal: AbortSignal | undefined;
    const { source, events } = drive(
      new WriteSink((_records, s) => {
        signal = s;
        return new Promise<void>(() => {});
      }, { timeoutMs: 1000, maxBatch: 1 }),
    );
    source.next(record(1));
    scheduler.maxFrames = 999; // virtual ms: run everything due before the timeout
    scheduler.flush();
    expect(events).to.deep.equal([]);
    scheduler.maxFrames = 1000;
    scheduler.flush();
    expect(events).to.deep.equal([{ kind: "failed", records: [record(1)], error: "timeout after 1000 ms", code: "ETIMEDOUT" }]);
    expect(signal?.aborted).to.equal(true);
  });

  it("checks its options when it is made", () => {
    expect(() => new WriteSink("no" as never)).to.throw(FlowlogSinkError, "WriteSink needs a function");
    expect(() => new WriteSink(() => {}, { timeoutMs: 0 })).to.throw(FlowlogSinkError, /WriteSink timeoutMs/);
    expect(() => new WriteSink(() => {}, { maxBatch: 1.5 })).to.throw(FlowlogSinkError, /WriteSink maxBatch/);
    expect(new WriteSink(() => {}, { name: "db", minLevel: "warning" })).to.include({ name: "db", minLevel: 30, remote: false });
  });
});
