import { expect } from "chai";
import { NEVER, Subject, map, tap, type Observable } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import type { DeliveryEvent } from "../../src/core/delivery.js";
import type { LogRecord } from "../../src/core/record.js";
import { FunctionSink } from "../../src/sinks/function-sink.js";
import type { SinkFunction } from "../../src/sinks/sink.js";
import { record } from "../operators/test-records.js";

describe("sinks/FunctionSink", () => {
  /** Feeds records to the sink's pipeline and collects its events. */
  function drive(pipeline: SinkFunction) {
    const source = new Subject<LogRecord>();
    const events: DeliveryEvent[] = [];
    let completed = false;
    const context = { flush$: NEVER as Observable<void>, scheduler: new TestScheduler(() => {}), abandon: () => {} };
    new FunctionSink(pipeline, { name: "mine" }).connect(source, context).subscribe({
      next: (event) => events.push(event),
      complete: () => (completed = true),
    });
    return { source, events, isCompleted: () => completed };
  }

  it("counts a record delivered once the pipeline took it without an error, and completes with its input", () => {
    const seen: string[] = [];
    const { source, events, isCompleted } = drive((records$) => records$.pipe(tap((r) => seen.push(r.msg))));
    source.next(record(1));
    source.next(record(2));
    source.complete();
    expect(seen).to.deep.equal(["m1", "m2"]);
    expect(events).to.deep.equal([{ kind: "delivered", count: 1 }, { kind: "delivered", count: 1 }]);
    expect(isCompleted()).to.equal(true);
  });

  it("an error while taking a record fails that record only; the pipeline is started again for the next", () => {
    let starts = 0;
    const { source, events } = drive((records$) => {
      starts++;
      return records$.pipe(
        map((r) => {
          if (r.time === 2) throw new TypeError("bad record");
          return r;
        }),
      );
    });
    for (const id of [1, 2, 3]) source.next(record(id));
    expect(events).to.deep.equal([
      { kind: "delivered", count: 1 },
      { kind: "failed", records: [record(2)], error: "TypeError: bad record" },
      { kind: "delivered", count: 1 },
    ]);
    expect(starts).to.equal(2);
  });

  it("after 5 failures in a row the sink is quarantined: its records count as dropped", () => {
    const { source, events } = drive((records$) =>
      records$.pipe(
        tap(() => {
          throw new Error("always");
        }),
      ),
    );
    for (let id = 1; id <= 7; id++) source.next(record(id));
    expect(events.map((event) => event.kind)).to.deep.equal(["failed", "failed", "failed", "failed", "failed", "dropped", "dropped"]);
    expect(events[5]).to.deep.equal({ kind: "dropped", count: 1, reason: "quarantined" });
  });

  it("a pipeline function that throws fails the record with a fixed text", () => {
    const { source, events } = drive(() => {
      throw new Error("cannot build");
    });
    source.next(record(1));
    expect(events).to.deep.equal([
      { kind: "failed", records: [], error: "Error: cannot build" },
      { kind: "failed", records: [record(1)], error: "sink pipeline could not start" },
    ]);
  });
});
