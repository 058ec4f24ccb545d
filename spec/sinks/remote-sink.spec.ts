import { expect } from "chai";
import * as os from "node:os";
import { NEVER, Subject, asyncScheduler, type Observable } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { Logger } from "../../src/index.js";
import type { AttemptOutcome } from "../../src/core/attempt-outcome.js";
import type { DeliveryEvent, OutgoingMessage } from "../../src/core/delivery.js";
import type { LogRecord } from "../../src/core/record.js";
import { RemoteSink, type AlertTransport, type RemoteSinkOptions } from "../../src/sinks/remote-sink.js";
import { waitUntil } from "../helpers/wait-until.js";
import { countingScheduler } from "../operators/counting-scheduler.js";
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

  it("a log call only counts and queues the alert: coalescing windows, the batch and formatting come from the hand-off", async () => {
    const testScheduler = new TestScheduler(() => {});
    const { scheduler, counts } = countingScheduler(testScheduler);
    const sink = new ScriptedSink([], { batchMs: 1000, coalesceMs: 60_000 });
    const log = new Logger("calls", { env: {}, cwd: os.tmpdir(), scheduler, config: { dead_letter: { enabled: false }, sinks: { terminal: { enabled: false } } } });
    log.addSink(sink);
    const before = counts.scheduled;
    log.error("disk full");
    log.error("disk full");
    log.error("db down");
    // In the calls: the count, and one hand-off for all three; no window, no batch timer, nothing formatted.
    expect(log.report().sinks.scripted.accepted).to.equal(3);
    expect(counts.scheduled - before).to.equal(1);
    // The hand-off, due now on the virtual clock, opens one coalescing window (one timer for
    // both messages) and starts the batch's timer; the batch itself waits for batchMs.
    testScheduler.maxFrames = 0;
    testScheduler.flush();
    expect(counts.scheduled - before).to.equal(3);
    expect(sink.sent).to.deep.equal([]);
    testScheduler.maxFrames = 1000;
    testScheduler.flush();
    await waitUntil(() => sink.sent.length === 2);
    // The repeat of "disk full" is held by its window, as before.
    expect(sink.sent).to.deep.equal(["disk full", "db down"]);
    const done = log.complete({ timeoutMs: 1 });
    testScheduler.maxFrames = Number.POSITIVE_INFINITY;
    testScheduler.flush();
    await done;
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
