import { expect } from "chai";
import { tap } from "rxjs";
import { Logger, WriteSink, type LogRecord } from "../../src/index.js";
import { MAX_TIMER_MS, timerDelay } from "../../src/core/durations.js";
import { MAX_REENTRANT_DEPTH } from "../../src/runtime/logger-core.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";
import * as path from "node:path";

/**
 * Issue 10 (points 2 to 5), the cases faults/never-take-host-down.spec.ts does not walk:
 * logging back from where a record is being made (a serializer, a getter read by redaction) and
 * from an addSink pipeline; hostile arguments in every position, with redaction on; a clock
 * that throws; a sink name reused while its removal drains; complete() while one drains; a
 * sink option past the timer limit.
 */

/** A WriteSink that holds each batch `ms` before accepting it, and remembers what it got. */
function slowSink(name: string, ms: number, options: { timeoutMs?: number } = {}) {
  const written: LogRecord[] = [];
  const sink = new WriteSink(
    async (records) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      written.push(...records);
    },
    { name, batchMs: 5, ...options },
  );
  return { sink, written };
}

describe("faults: never take the host down, the remaining cases (issue 10)", () => {
  const dir = useTempDir("flowlog-host-gaps-");

  describe("re-entrancy while a record is being made or taken by a sink (point 2)", () => {
    it("a serializer that logs: bounded at the same depth, the outer record kept, the rest counted as reentrant", async () => {
      let calls = 0;
      const warnings: string[] = [];
      const log: Logger = new Logger("serializer", {
        cwd: dir(),
        env: {},
        onWarning: (message) => warnings.push(message),
        serializers: {
          user: (value: unknown) => {
            calls++;
            log.info("serializing", { extra: { user: value } });
            return value;
          },
        },
        config: { dead_letter: { enabled: false }, sinks: { terminal: { enabled: false } } },
      });
      const seen: LogRecord[] = [];
      log.addSink((records$) => records$.pipe(tap((record) => seen.push(record))), { name: "all" });
      log.info("hello", { extra: { user: { id: 1 } } });
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(calls).to.equal(MAX_REENTRANT_DEPTH);
      expect(seen.map((record) => record.msg)).to.include("hello");
      expect(report.sinks.all).to.include({ accepted: MAX_REENTRANT_DEPTH + 1, delivered: MAX_REENTRANT_DEPTH });
      expect(report.sinks.all.droppedBy.reentrant).to.equal(1);
      expect(warnings.filter((w) => w.includes("reentrant"))).to.have.length(1);
    });

    it("a getter in extra that logs, read by the redaction walk: bounded, every record accounted for", async () => {
      const { log } = quietLogger("getter", dir(), {}, { redact: ["password"] });
      const extra = {
        get user() {
          log.info("getter read", { extra });
          return "ada";
        },
      };
      log.addSink((records$) => records$, { name: "all" });
      expect(() => log.info("outer", { extra })).to.not.throw();
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(report.sinks.all.accepted).to.equal(MAX_REENTRANT_DEPTH + 1);
      expect(report.sinks.all.droppedBy.reentrant).to.equal(1);
    });

    it("an addSink pipeline that logs for every record it takes: each logged record echoes 8 times, the 9th is counted", async () => {
      const { log } = quietLogger("echo", dir(), { file_json: { enabled: true, path: "echo.ndjson" } });
      log.addSink((records$) => records$.pipe(tap((record) => log.info(`sink saw ${record.msg}`))), { name: "echo" });
      for (let i = 0; i < 100; i++) log.info(`record ${i}`);
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(report.sinks.echo.droppedBy.reentrant).to.equal(100);
      expect(report.sinks.file_json.delivered).to.equal(100 * (MAX_REENTRANT_DEPTH + 1));
      expect(readLines(path.join(dir(), "echo.ndjson"))).to.have.length(100 * (MAX_REENTRANT_DEPTH + 1));
    });
  });

  describe("a log call never throws, whatever its arguments (point 3)", () => {
    const revoked = (): object => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    const trap = (): never => {
      throw new Error("trap");
    };
    const hostile: Array<[string, () => unknown]> = [
      ["a revoked Proxy", revoked],
      ["a Proxy whose traps throw", () => new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap, has: trap })],
      ["a Symbol", () => Symbol("s")],
      ["a BigInt", () => 10n ** 30n],
      ["undefined", () => undefined],
    ];

    it("hostile in a field of extra, error first, through log(level, ...), with redaction on: one record a call, every line JSON", async () => {
      const { log } = quietLogger("hostile", dir(), { file_json: { enabled: true, path: "h.ndjson" } }, { redact: ["password"] });
      const seen: LogRecord[] = [];
      log.log$.subscribe((record) => seen.push(record));
      let calls = 0;
      for (const [what, make] of hostile) {
        const each: Array<() => void> = [
          () => log.info("m", { extra: { field: make(), password: "hunter2" } }),
          () => log.error(make() as Error, "error first"),
          () => log.log("info", make() as string),
          () => log.info("m", { extra: make() as Record<string, unknown> }),
        ];
        for (const call of each) {
          expect(call, what).to.not.throw();
          calls++;
        }
      }
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(seen).to.have.length(calls);
      const lines = readLines(path.join(dir(), "h.ndjson"));
      expect(lines).to.have.length(calls);
      for (const line of lines) expect(() => JSON.parse(line)).to.not.throw();
      expect(lines.join("\n")).to.not.include("hunter2");
    });

    it("a clock that throws: the record keeps its message, with the time from Date.now()", async () => {
      const { log } = quietLogger("clock", dir(), {}, {
        clock: () => {
          throw new Error("clock is broken");
        },
      });
      const seen: LogRecord[] = [];
      log.log$.subscribe((record) => seen.push(record));
      const before = Date.now();
      expect(() => log.info("tick", { extra: { n: 1 } })).to.not.throw();
      await log.complete();
      expect(seen).to.have.length(1);
      expect(seen[0]).to.deep.include({ msg: "tick", extra: { n: 1 } });
      expect(seen[0].time).to.be.at.least(before);
    });
  });

  describe("lifecycle races (point 4)", () => {
    it("the name of a sink still draining is refused with a clear error, so neither report hides the other", async () => {
      const { log } = quietLogger("draining", dir());
      const { sink } = slowSink("db", 100);
      log.addSink(sink);
      log.info("held");
      const removal = log.removeSink(sink);
      expect(() => log.addSink(slowSink("db", 1).sink)).to.throw(/"db" is still draining/);
      expect((await removal)?.delivered).to.equal(1);
      // Once it has drained, the name is free again; the removed sink's counts move to db#1.
      log.addSink(slowSink("db", 1).sink);
      log.info("new");
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(report.sinks.db).to.include({ accepted: 1, delivered: 1 });
      expect(report.sinks["db#1"]).to.include({ accepted: 1, delivered: 1 });
    });

    it("complete() while a removeSink drains: waits for it, and its report is in complete()'s", async () => {
      const { log } = quietLogger("drain-complete", dir());
      const { sink, written } = slowSink("slow", 100);
      log.addSink(sink);
      for (let i = 0; i < 5; i++) log.info(`r${i}`);
      const removal = log.removeSink(sink);
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(written).to.have.length(5);
      expect(report.sinks.slow).to.include({ accepted: 5, delivered: 5 });
      expect(await removal).to.deep.equal(report.sinks.slow);
    });
  });

  describe("durations (point 5)", () => {
    it("timerDelay is the one bound: Infinity and 2^31 become 2^31-1, negative and NaN 0", () => {
      expect(MAX_TIMER_MS).to.equal(2 ** 31 - 1);
      expect([Infinity, 2 ** 31, MAX_TIMER_MS, 5, 0, -1, Number.NaN].map(timerDelay)).to.deep.equal([MAX_TIMER_MS, MAX_TIMER_MS, MAX_TIMER_MS, 5, 0, 0, 0]);
    });

    it("a WriteSink timeoutMs of 2^31 does not time a 50 ms write out", async () => {
      const { log } = quietLogger("write-timeout", dir());
      const { sink, written } = slowSink("slow", 50, { timeoutMs: 2 ** 31 });
      log.addSink(sink);
      log.info("one");
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(written).to.have.length(1);
      expect(report.sinks.slow).to.include({ delivered: 1, failed: 0 });
    });
  });
});
