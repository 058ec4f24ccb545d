// Catalogue rows X3 and X4 (reliability.md): a user's sink that never settles, or that blocks
// the event loop. (X1 and X2, sinks that throw, are in spec/logger.spec.ts.)
import { expect } from "chai";
import { tap } from "rxjs";
import { FunctionSink, WriteSink, type LogRecord } from "../../src/index.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";
import * as path from "node:path";

describe("faults: a user's sink that hangs or blocks (X3, X4)", () => {
  const dir = useTempDir();
  const jsonFile = () => ({ file_json: { enabled: true, path: "app.ndjson" } });
  const busyWait = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  it("WriteSink delivers batches in order, and a throw fails only its own batch", async () => {
    const { log } = quietLogger("user", dir(), jsonFile());
    const written: string[] = [];
    log.addSink(
      new WriteSink(
        async (records) => {
          if (records.some((record) => record.msg === "poison")) throw new Error("cannot store poison");
          written.push(...records.map((record) => record.msg));
        },
        { name: "store", batchMs: 1, maxBatch: 1 },
      ),
    );
    for (const msg of ["a", "b", "poison", "c"]) log.info(msg);
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(written).to.deep.equal(["a", "b", "c"]);
    expect(report.sinks.store).to.include({ accepted: 4, delivered: 3, failed: 1 });
    expect(report.sinks.store.lastError).to.include("cannot store poison");
  });

  it("X3: a write whose promise never settles fails by its timeout, and complete() is not held by it", async () => {
    const { log, warnings } = quietLogger("user", dir(), jsonFile());
    log.addSink(new WriteSink(() => new Promise<void>(() => {}), { name: "stuck", timeoutMs: 300, maxBatch: 1000 }));
    for (let i = 0; i < 100; i++) log.info("record", { extra: { i } });
    const started = performance.now();
    const report = await log.complete({ timeoutMs: 5000 });
    const tookMs = performance.now() - started;
    expectReportAddsUp(report);
    expect(report.sinks.stuck).to.include({ accepted: 100, delivered: 0, failed: 100 });
    expect(report.sinks.stuck.lastError).to.match(/timeout after 300 ms/);
    expect(warnings.filter((w) => w.includes("stuck"))).to.have.length(1);
    // Bounded by the write timeout plus batching, far inside the 5 s complete() deadline.
    expect(tookMs, `complete() took ${tookMs.toFixed(0)} ms`).to.be.below(300 + 500);
    expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(100);
  });

  it("X3: the signal tells a never-settling write to give up", async () => {
    const { log } = quietLogger("user", dir());
    let aborted = 0;
    log.addSink(
      new WriteSink((_records, signal) => new Promise<void>(() => signal.addEventListener("abort", () => aborted++)), {
        name: "stuck",
        timeoutMs: 100,
      }),
    );
    log.info("x");
    await log.complete();
    expect(aborted).to.equal(1);
  });

  it("X4: a write that busy-waits 200 ms shows as maxBlockMs >= 200, with one warning naming the sink", async () => {
    const { log, warnings } = quietLogger("user", dir(), jsonFile());
    log.addSink(new WriteSink(() => busyWait(200), { name: "blocking", batchMs: 1, maxBatch: 1 }));
    log.info("one");
    log.info("two");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.blocking.maxBlockMs).to.be.at.least(200);
    expect(report.sinks.blocking).to.include({ delivered: 2 });
    expect(report.sinks.file_json.maxBlockMs, "the file sink is not blamed").to.be.below(200);
    const slow = warnings.filter((w) => w.includes("held the event loop"));
    expect(slow).to.have.length(1);
    expect(slow[0]).to.include('"blocking"');
  });

  it("X4: a user pipeline that blocks is measured too", async () => {
    const { log } = quietLogger("user", dir());
    log.addSink(new FunctionSink((records$) => records$.pipe(tap((_record: LogRecord) => busyWait(150))), { name: "slow_pipe" }));
    log.info("x");
    const report = await log.complete();
    expect(report.sinks.slow_pipe.maxBlockMs).to.be.at.least(150);
  });
});
