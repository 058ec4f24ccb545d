import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { map } from "rxjs";
import { LoggerCompletedError, FlowlogSinkError } from "../../src/core/errors.js";
import type { DeliveryEvent } from "../../src/core/delivery.js";
import type { LogRecord } from "../../src/core/record.js";
import { LoggerCore } from "../../src/runtime/logger-core.js";
import type { Sink } from "../../src/sinks/sink.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { record } from "../operators/test-records.js";

/** A sink that settles every record at once with the event `outcome` gives it. */
function instantSink(name: string, minLevel: number, outcome: (r: LogRecord) => DeliveryEvent = () => ({ kind: "delivered", count: 1 }), remote = false): Sink {
  return { name, minLevel, remote, connect: (records$) => records$.pipe(map(outcome)) };
}

describe("runtime/LoggerCore", () => {
  let warnings: string[];
  let core: LoggerCore;
  // Before useTempDir, so it runs first: the logger completes into a directory that still exists.
  afterEach(async () => {
    await core.complete();
  });
  const dir = useTempDir();
  beforeEach(() => {
    warnings = [];
  });

  const makeCore = (deadLetterPath: string | null = null, clock = () => Date.UTC(2026, 0, 1)): LoggerCore =>
    (core = new LoggerCore({ deadLetterPath, clock, onWarning: (message) => warnings.push(message) }));

  it("the threshold is the lowest level any sink (or the floor) wants, and Infinity with none", () => {
    makeCore();
    expect(core.threshold).to.equal(Infinity);
    core.addSink(instantSink("a", 40));
    core.addSink(instantSink("b", 20));
    expect(core.threshold).to.equal(20);
    core.setFloor(30);
    expect(core.threshold).to.equal(30);
    expect(core.setSinkLevel("a", 10)).to.equal(true);
    expect(core.setSinkLevel("nope", 10)).to.equal(false);
  });

  it("tells threshold listeners each new threshold, once per change", () => {
    makeCore();
    const heard: number[] = [];
    core.onThresholdChange((threshold) => heard.push(threshold));
    core.addSink(instantSink("a", 40));
    core.addSink(instantSink("b", 50)); // 40 still
    core.setSinkLevel("a", 20);
    const subscription = core.log$.subscribe();
    subscription.unsubscribe();
    core.setFloor(30);
    core.setSinkLevel("b", 40); // 30 still: the floor
    void core.removeSink("a");
    expect(heard).to.deep.equal([40, 20, 10, 20, 30, 40]);
  });

  it("a log$ subscriber sees every level while it is subscribed", () => {
    makeCore();
    core.addSink(instantSink("a", 40));
    const subscription = core.log$.subscribe();
    expect(core.threshold).to.be.at.most(10);
    subscription.unsubscribe();
    expect(core.threshold).to.equal(40);
  });

  it("publishes one record to every sink and the report counts each", async () => {
    makeCore();
    core.addSink(instantSink("a", 10));
    core.addSink(instantSink("b", 30));
    core.publish(record(1, "INFO"));
    core.publish(record(2, "ERROR"));
    const report = await core.complete();
    expect(report.sinks.a).to.include({ accepted: 2, delivered: 2 });
    expect(report.sinks.b).to.include({ accepted: 1, delivered: 1 });
  });

  it("a sink name is attached once; addSink after complete() throws LoggerCompletedError", async () => {
    makeCore();
    core.addSink(instantSink("a", 10));
    expect(() => core.addSink(instantSink("a", 10))).to.throw(FlowlogSinkError, 'a sink named "a" is already attached');
    await core.complete();
    expect(() => core.addSink(instantSink("late", 10))).to.throw(LoggerCompletedError);
  });

  it("a record published after complete() is counted as dropped (after_complete), never thrown", async () => {
    makeCore();
    core.addSink(instantSink("a", 10));
    await core.complete();
    expect(() => core.publish(record(1))).not.to.throw();
    expect(core.report().sinks.a.droppedBy.after_complete).to.equal(1);
  });

  it("a remote sink's failed records go to the dead-letter file with the sink, the reason and the logger's clock", async () => {
    const file = path.join(dir(), "dead.ndjson");
    makeCore(file);
    core.addSink(instantSink("hook", 10, (r) => ({ kind: "failed", records: [r], error: "HTTP 404" }), true));
    core.publish(record(1, "ERROR"));
    const report = await core.complete();
    expect(report.sinks.hook).to.include({ failed: 1, deadLettered: 1 });
    const line = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(line.dead_letter).to.deep.equal({ sink: "hook", reason: "HTTP 404", at: "2026-01-01T00:00:00.000Z" });
  });

  it("removeSink ends one sink, keeps its final report in complete()'s, and leaves the others running", async () => {
    makeCore();
    core.addSink(instantSink("a", 10));
    core.addSink(instantSink("b", 10));
    core.publish(record(1));
    const removed = await core.removeSink("a");
    expect(removed).to.include({ accepted: 1, delivered: 1 });
    core.publish(record(2));
    const report = await core.complete();
    expect(report.sinks.a).to.include({ accepted: 1 });
    expect(report.sinks.b).to.include({ accepted: 2 });
  });
});
