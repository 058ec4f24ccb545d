import { expect } from "chai";
import { NEVER, Subject, asyncScheduler, type Observable } from "rxjs";
import type { AttemptOutcome } from "../../src/core/attempt-outcome.js";
import type { DeliveryEvent, OutgoingMessage } from "../../src/core/delivery.js";
import type { LogRecord } from "../../src/core/record.js";
import { RemoteSink, type AlertTransport, type RemoteSinkOptions } from "../../src/sinks/remote-sink.js";
import { waitUntil } from "../helpers/wait-until.js";
import { record } from "../operators/test-records.js";

/** A remote sink whose service is a list of scripted outcomes: one message per record, its msg as the body. */
class ScriptedSink extends RemoteSink<string> {
  readonly sent: string[] = [];
  closed = 0;
  constructor(
    private readonly outcomes: AttemptOutcome[],
    options: RemoteSinkOptions = {},
  ) {
    super("scripted", { batchMs: 0, coalesceMs: 0, baseDelayMs: 0, maxDelayMs: 0, ...options });
  }
  protected format(records: readonly LogRecord[]): OutgoingMessage<string>[] {
    return records.map((r, index) => ({ body: r.msg, records: [index] }));
  }
  protected openTransport(): AlertTransport<string> {
    return {
      send: async (body) => {
        this.sent.push(body);
        return this.outcomes.shift() ?? { kind: "ok" };
      },
      close: () => void this.closed++,
    };
  }
}

/** Connects the sink to a Subject with a real scheduler and collects its events until it completes. */
function drive(sink: ScriptedSink) {
  const source = new Subject<LogRecord>();
  const events: DeliveryEvent[] = [];
  let done = false;
  const context = { flush$: NEVER as Observable<void>, scheduler: asyncScheduler, abandon: () => {} };
  sink.connect(source, context).subscribe({ next: (event) => events.push(event), complete: () => (done = true) });
  return { source, events, finished: () => waitUntil(() => done) };
}

describe("sinks/RemoteSink", () => {
  it("retries a retryable outcome and counts the record delivered once it goes through", async () => {
    const sink = new ScriptedSink([{ kind: "retry", error: "HTTP 503" }]);
    const { source, events, finished } = drive(sink);
    source.next(record(1, "ERROR"));
    source.complete();
    await finished();
    expect(sink.sent).to.deep.equal(["m1", "m1"]);
    expect(events).to.deep.equal([{ kind: "delivered", count: 1 }]);
  });

  it("gives up after 1 + maxRetries attempts with the last error", async () => {
    const sink = new ScriptedSink(Array.from({ length: 5 }, () => ({ kind: "retry", error: "ECONNREFUSED" }) as AttemptOutcome), { maxRetries: 2 });
    const { source, events, finished } = drive(sink);
    source.next(record(1, "ERROR"));
    source.complete();
    await finished();
    expect(sink.sent).to.have.length(3);
    expect(events).to.deep.equal([{ kind: "failed", records: [record(1, "ERROR")], error: "ECONNREFUSED", attempts: 3 }]);
  });

  it("a permanent outcome that disables the sink fails everything after it without sending", async () => {
    const sink = new ScriptedSink([{ kind: "permanent", error: "HTTP 401", disableSink: true }]);
    const { source, events, finished } = drive(sink);
    source.next(record(1, "ERROR"));
    source.next(record(2, "ERROR"));
    source.complete();
    await finished();
    expect(sink.sent).to.deep.equal(["m1"]);
    // However the two records were batched, both fail, with the same text, and only m1 was sent.
    const failed = events.flatMap((event) => (event.kind === "failed" ? event.records.map((r) => [r.msg, event.error]) : []));
    expect(failed).to.deep.equal([
      ["m1", "sink disabled after a permanent error: HTTP 401"],
      ["m2", "sink disabled after a permanent error: HTTP 401"],
    ]);
    expect(events.every((event) => event.kind === "failed")).to.equal(true);
  });

  it("closes its transport when the pipeline ends, and whenReleased waits for it", async () => {
    const sink = new ScriptedSink([]);
    const { source, finished } = drive(sink);
    source.complete();
    await finished();
    await sink.whenReleased();
    expect(sink.closed).to.equal(1);
  });
});
