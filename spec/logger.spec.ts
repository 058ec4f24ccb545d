import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { filter, map, mergeMap, NEVER, tap, toArray, firstValueFrom } from "rxjs";
import { FileSink, FlowlogError, Level, Logger, UnknownLevelError, type LogRecord } from "../src/index.js";
import { expectReportAddsUp } from "./helpers/invariant.js";
import { quietLogger } from "./helpers/quiet-logger.js";
import { readLines, useTempDir } from "./helpers/temp-dir.js";

const LEVEL_METHODS = ["debug", "info", "audit", "webhook", "warning", "security", "error", "deploy", "critical"] as const;

describe("Logger", () => {
  const dir = useTempDir();

  const jsonSink = (extra: Record<string, unknown> = {}) => ({ file_json: { enabled: true, path: "app.ndjson", ...extra } });
  const ndjson = () => readLines(path.join(dir(), "app.ndjson")).map((line) => JSON.parse(line));

  it("writes one record per level method, with the level's name and number", async () => {
    const { log } = quietLogger("myapp", dir(), jsonSink());
    for (const method of LEVEL_METHODS) log[method](`via ${method}`);
    const report = await log.complete();
    expectReportAddsUp(report);
    const records = ndjson();
    expect(records.map((r) => [r.level, r.levelno, r.msg, r.logger])).to.deep.equal(
      LEVEL_METHODS.map((method) => {
        const name = method.toUpperCase() as keyof typeof Level;
        return [name, Level[name], `via ${method}`, "myapp"];
      }),
    );
    expect(report.sinks.file_json).to.include({ accepted: 9, delivered: 9, dropped: 0, failed: 0 });
  });

  it("log() takes a level by name in any case, by number or by member; an unknown level is a FlowlogError", async () => {
    const { log } = quietLogger("myapp", dir(), jsonSink());
    log.log("audit", "by name");
    log.log(25, "by number");
    log.log(Level.AUDIT, "by member");
    // JavaScript callers (and values typed `any`) still reach the run-time check.
    // @ts-expect-error "LOUD" is not a level
    expect(() => log.log("LOUD", "x")).to.throw(UnknownLevelError, /unknown level "LOUD"/);
    // @ts-expect-error 33 is not a level
    expect(() => log.log(33, "x")).to.throw(FlowlogError, /unknown level 33/);
    await log.complete();
    expect(ndjson().map((r) => [r.level, r.msg])).to.deep.equal([
      ["AUDIT", "by name"],
      ["AUDIT", "by number"],
      ["AUDIT", "by member"],
    ]);
  });

  it("every record accepted before complete() is on disk when it resolves (100,000 records)", async () => {
    const { log } = quietLogger("bulk", dir(), jsonSink());
    for (let i = 0; i < 100_000; i++) log.info("request handled", { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ accepted: 100_000, delivered: 100_000 });
    const lines = readLines(path.join(dir(), "app.ndjson"));
    expect(lines).to.have.length(100_000);
    expect(JSON.parse(lines[99_999]).extra).to.deep.equal({ i: 99_999 });
  });

  it("makes no record for a level below every sink's threshold (the clock is never read)", async () => {
    let clockReads = 0;
    const { log } = quietLogger("quiet", dir(), jsonSink({ min_level: "ERROR" }), {
      clock: () => {
        clockReads++;
        return 0;
      },
    });
    log.debug("skipped");
    log.warning("skipped too");
    expect(clockReads).to.equal(0);
    log.error("kept");
    expect(clockReads).to.equal(1);
    const report = await log.complete();
    expect(report.sinks.file_json).to.include({ accepted: 1, delivered: 1 });
  });

  it("records are frozen, carry epoch-ms time, and log$ sees them", async () => {
    const { log } = quietLogger("stream", dir(), {}, { clock: () => 1_700_000_000_123 });
    const seen = firstValueFrom(log.log$.pipe(toArray()));
    log.debug("made because log$ is subscribed", { extra: { a: 1 } });
    await log.complete();
    const [record] = await seen;
    expect(Object.isFrozen(record)).to.equal(true);
    expect(record).to.deep.include({ time: 1_700_000_000_123, level: "DEBUG", levelno: 10, logger: "stream", msg: "made because log$ is subscribed" });
    expect(record.extra).to.deep.equal({ a: 1 });
  });

  it("serialises exc once, with type, message, stack and cause", async () => {
    const { log } = quietLogger("exc", dir(), jsonSink());
    log.critical("System is down", { exc: new TypeError("boom", { cause: new RangeError("root") }) });
    await log.complete();
    const [record] = ndjson();
    expect(record.exc.type).to.equal("TypeError");
    expect(record.exc.message).to.equal("boom");
    expect(record.exc.stack).to.match(/TypeError: boom\n\s+at /);
    expect(record.exc.cause).to.deep.include({ type: "RangeError", message: "root" });
  });

  it("child() shares the sinks and merges its bindings under extra", async () => {
    const { log } = quietLogger("parent", dir(), jsonSink());
    const child = log.child({ request_id: "r1", user: 7 });
    const grandchild = child.child({ step: "pay" });
    child.info("from child", { extra: { user: 8 } });
    grandchild.info("from grandchild");
    log.info("from parent");
    await log.complete();
    expect(ndjson().map((r) => [r.msg, r.extra])).to.deep.equal([
      ["from child", { request_id: "r1", user: 8 }],
      ["from grandchild", { request_id: "r1", user: 7, step: "pay" }],
      ["from parent", undefined],
    ]);
  });

  it("removeSink() writes what the sink holds, then detaches it", async () => {
    const { log } = quietLogger("rm", dir(), jsonSink());
    const audit = log.addSink(new FileSink(path.join(dir(), "audit.csv"), { format: "csv", minLevel: "AUDIT", batchMs: 60_000 }));
    log.audit("User 42 deleted listing 130099");
    log.info("not for audit");
    const report = await log.removeSink(audit);
    expect(report).to.include({ accepted: 1, delivered: 1 });
    expect(readLines(path.join(dir(), "audit.csv"))).to.have.length(2); // header + 1
    log.audit("after removal");
    const final = await log.complete();
    expectReportAddsUp(final);
    expect(readLines(path.join(dir(), "audit.csv"))).to.have.length(2);
    expect(final.sinks.file_csv).to.include({ accepted: 1, delivered: 1 });
    expect(final.sinks.file_json).to.include({ accepted: 3, delivered: 3 });
  });

  it("refuses two sinks with the same name", () => {
    const { log } = quietLogger("dup", dir(), jsonSink());
    expect(() => log.addSink(new FileSink(path.join(dir(), "x.ndjson"), { format: "json" }))).to.throw(/already attached/);
    return log.complete();
  });

  it("complete() twice gives the same report; a record after completion is dropped, never thrown", async () => {
    const { log } = quietLogger("twice", dir(), jsonSink());
    log.info("before");
    const first = await log.complete();
    expect(() => log.error("after")).not.to.throw();
    const second = await log.shutdown();
    expect(first.sinks.file_json).to.include({ accepted: 1, delivered: 1, dropped: 0 });
    expect(second.sinks.file_json).to.include({ accepted: 2, delivered: 1, dropped: 1 });
    expect(second.sinks.file_json.droppedBy.after_complete).to.equal(1);
    expectReportAddsUp(second);
    expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(1);
  });

  it("await using completes the logger when the scope ends", async () => {
    {
      await using log = quietLogger("scoped", dir(), jsonSink()).log;
      log.info("inside the scope");
    }
    expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(1);
  });

  it("a sink that throws on every record leaves the others complete and the caller untouched", async () => {
    const { log, warnings } = quietLogger("iso", dir(), jsonSink());
    log.addSink((records$) => records$.pipe(tap(() => { throw new Error("sink bug"); })), { name: "broken" });
    for (let i = 0; i < 1000; i++) expect(() => log.info("still fine")).not.to.throw();
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ accepted: 1000, delivered: 1000 });
    // Five failures in a row quarantine the sink; the rest are dropped and counted.
    expect(report.sinks.broken).to.include({ accepted: 1000, failed: 5, dropped: 995, delivered: 0 });
    expect(report.sinks.broken.lastError).to.equal("Error: sink bug");
    expect(warnings.filter((w) => w.includes('"broken"'))).to.have.length.at.least(1);
  });

  it("a sink that throws only on record #2 still receives records 3..N", async () => {
    const { log } = quietLogger("iso2", dir());
    const received: number[] = [];
    log.addSink(
      (records$) =>
        records$.pipe(
          map((record) => (record.extra as { i: number }).i),
          tap((i) => {
            if (i === 2) throw new Error("only two");
            received.push(i);
          }),
        ),
      { name: "picky" },
    );
    for (let i = 1; i <= 10; i++) log.info("n", { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(received).to.deep.equal([1, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(report.sinks.picky).to.include({ accepted: 10, delivered: 9, failed: 1 });
  });

  it("complete({ timeoutMs }) resolves past a sink that never finishes, counting its records as failed", async () => {
    const { log } = quietLogger("hang", dir(), jsonSink());
    log.addSink(new FileSink(path.join(dir(), "slow.log"), { name: "never", batchMs: 60_000 }));
    log.addSink((records$) => records$.pipe(mergeMap(() => NEVER)), { name: "stuck" });
    log.info("one");
    log.info("two");
    const report = await log.complete({ timeoutMs: 200 });
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ delivered: 2 });
    // A batch window of a minute does not hold complete() back: completion flushes it.
    expect(report.sinks.never).to.include({ delivered: 2 });
    expect(report.sinks.stuck).to.include({ accepted: 2 });
  });

  it("log$ composes like any Observable for custom routing", async () => {
    const { log } = quietLogger("route", dir(), jsonSink());
    const paged: LogRecord[] = [];
    log.log$.pipe(filter((r) => r.levelno >= Level.SECURITY)).subscribe((r) => paged.push(r));
    log.info("no");
    log.security("yes");
    log.critical("yes too");
    await log.complete();
    expect(paged.map((r) => r.msg)).to.deep.equal(["yes", "yes too"]);
  });

  describe("process exit (child processes)", () => {
    const fixture = path.join(import.meta.dirname, "fixtures", "log-then-exit.ts");
    const run = (how: string, count: number) =>
      spawnSync(process.execPath, ["--import", "tsx", fixture, dir(), String(count), how], { encoding: "utf8", timeout: 60_000 });

    it("process.exit(0) right after 10,000 records leaves all 10,000 on disk in every file sink", () => {
      const result = run("exit", 10_000);
      expect(result.status, result.stderr).to.equal(0);
      expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(10_000);
      expect(readLines(path.join(dir(), "app.log"))).to.have.length(10_000);
    });

    it("an uncaught exception after logging still leaves every record on disk", () => {
      const result = run("throw", 1000);
      expect(result.status).to.equal(1);
      expect(result.stderr).to.include("fixture crash after logging");
      expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(1000);
    });

    it("a record logged from inside an 'exit' handler is written", () => {
      const result = run("exit-handler", 3);
      expect(result.status, result.stderr).to.equal(0);
      const msgs = readLines(path.join(dir(), "app.ndjson")).map((line) => JSON.parse(line).msg);
      expect(msgs).to.deep.equal(["record", "record", "record", "logged from an exit handler"]);
      expect(readLines(path.join(dir(), "app.log")).at(-1)).to.include("logged from an exit handler");
      // CRITICAL goes to stderr (stderr_level ERROR), written inside the exit handler too.
      expect(result.stderr.split("\n").filter((line) => line.includes("logged from an exit handler"))).to.have.length(1);
      expect(result.stdout.split("\n").filter((line) => line.includes("record"))).to.have.length(3);
    });

    it("process.exit(0) with alerts still batched: files complete, every pending alert in the dead letter", () => {
      const result = run("exit-alerts", 1000);
      expect(result.status, result.stderr).to.equal(0);
      expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(1050);
      const dead = readLines(path.join(dir(), "dead.ndjson")).map((line) => JSON.parse(line));
      expect(dead.map((record) => record.msg)).to.deep.equal(Array.from({ length: 50 }, (_, i) => `alert ${i}`));
      expect(dead[0].dead_letter).to.include({ sink: "discord" });
      expect(result.stderr + JSON.stringify(dead)).not.to.include("fixture-token");
    });
  });

  describe("a failing file", () => {
    it("counts every record sent to /dev/full as failed, warns once, and the other sinks carry on", async function () {
      if (!fs.existsSync("/dev/full")) this.skip();
      const { log, warnings } = quietLogger("full", dir(), jsonSink());
      log.addSink(new FileSink("/dev/full", { name: "full", batchMs: 5, maxBatch: 100 }));
      for (let i = 0; i < 1000; i++) log.info("x");
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(report.sinks.full).to.include({ accepted: 1000, failed: 1000, delivered: 0 });
      expect(report.sinks.full.lastError).to.match(/ENOSPC/);
      expect(report.sinks.file_json).to.include({ accepted: 1000, delivered: 1000 });
      expect(warnings.filter((w) => w.includes("ENOSPC"))).to.have.length(1);
    });
  });
});
