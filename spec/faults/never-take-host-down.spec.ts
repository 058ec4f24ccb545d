import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { filter } from "rxjs";
import { FunctionSink, Level, Logger, WriteSink, type LogRecord } from "../../src/index.js";
import { MAX_REENTRANT_DEPTH } from "../../src/runtime/logger-core.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { FakeDiscord } from "../helpers/servers/index.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";
import { signalWhenReady } from "../helpers/signal-child.js";

/**
 * Logging never takes the host application down: what user code around flowlog throws, logs
 * back, or passes as arguments; lifecycle calls made from odd places; durations past what a
 * Node timer can hold; and many loggers sharing the process hooks. Where the failure would be a
 * crash, the program runs as a child process (spec/fixtures/host-safety.ts).
 */
const fixture = path.resolve(import.meta.dirname, "../fixtures/host-safety.ts");

function runFixture(dir: string, scenario: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", fixture, dir, scenario], { encoding: "utf8", timeout: 60_000 });
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  return { status: result.status, stderr: result.stderr, output: last.startsWith("{") ? JSON.parse(last) : undefined };
}

describe("faults: never take the host down", () => {
  const dir = useTempDir("flowlog-host-");

  describe("user code that throws (H1)", () => {
    it("a log$ subscriber that throws, and a piped one whose operator throws: the process lives, the file gets every record, one warning each", () => {
      const { status, stderr, output } = runFixture(dir(), "throwing-subscriber");
      expect(status, stderr).to.equal(0);
      expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(1000);
      expect(output.report.sinks.file_json ?? Object.values(output.report.sinks)[0]).to.include({ accepted: 1000, delivered: 1000 });
      const subscriberWarnings = output.warnings.filter((w: string) => w.includes("log$ subscriber threw"));
      expect(subscriberWarnings).to.have.length(2);
      expect(subscriberWarnings.join("\n")).to.include("subscriber bug").and.include("SyntaxError");
    });

    it("a scheduler that throws: the process lives (a write settling later starts the next batch too), complete() resolves, every record is counted", () => {
      const { status, stderr, output } = runFixture(dir(), "throwing-scheduler");
      expect(status, stderr).to.equal(0);
      expectReportAddsUp(output.report);
      // Every schedule() throws, so the sink crashes on each record until it is given up.
      const sink = Object.values(output.report.sinks)[0] as { accepted: number; lastError: string };
      expect(sink.accepted).to.be.greaterThan(0);
      expect(sink.lastError).to.include("scheduler bug");
      expect(output.warnings.join("\n")).to.include("scheduler bug");
    });

    it("a throwing subscriber is unsubscribed; the other subscribers and the sinks go on", async () => {
      const { log, warnings } = quietLogger("iso", dir());
      const seen: string[] = [];
      log.log$.subscribe(() => {
        throw new Error("first subscriber bug");
      });
      log.log$.subscribe((record) => seen.push(record.msg));
      const sink = log.addSink(new FunctionSink((records$) => records$, { name: "mine" }));
      log.info("one");
      log.info("two");
      const report = await log.complete();
      expect(seen).to.deep.equal(["one", "two"]);
      expect(report.sinks[sink.name]).to.include({ accepted: 2, delivered: 2 });
      expect(warnings.filter((w) => w.includes("first subscriber bug"))).to.have.length(1);
    });

    it("an onWarning handler that throws costs that warning only (it goes to stderr)", async () => {
      const log = new Logger("warn", {
        cwd: dir(),
        env: {},
        onWarning: () => {
          throw new Error("warning handler bug");
        },
        config: { dead_letter: { enabled: false }, sinks: { terminal: { enabled: false } } },
      });
      const written: string[] = [];
      const original = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
      try {
        log.log$.subscribe(() => {
          throw new Error("subscriber bug");
        });
        expect(() => log.info("x")).not.to.throw();
      } finally {
        process.stderr.write = original;
      }
      await log.complete();
      expect(written.join("")).to.include("subscriber bug").and.include("warning handler bug");
    });
  });

  describe("re-entrancy (H2)", () => {
    it("a log$ subscriber that logs for every record it sees: no stack overflow, the depth is bounded, and every record is counted", () => {
      const { status, stderr, output } = runFixture(dir(), "logging-subscriber");
      expect(status, stderr).to.equal(0);
      expectReportAddsUp(output.report);
      const sink = Object.values(output.report.sinks)[0] as { accepted: number; delivered: number; droppedBy: Record<string, number> };
      // Each of the 10 records starts a chain of MAX_REENTRANT_DEPTH "saw ..." records; the next is dropped.
      expect(sink.delivered).to.equal(10 * (MAX_REENTRANT_DEPTH + 1));
      expect(sink.droppedBy.reentrant).to.equal(10);
      expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(10 * (MAX_REENTRANT_DEPTH + 1));
      expect(output.warnings.filter((w: string) => w.includes("reentrant"))).to.have.length(1);
    });

    it("a record logged from a subscriber is published after the one being published, in order", async () => {
      const { log } = quietLogger("order", dir());
      const order: string[] = [];
      log.log$.pipe(filter((r) => r.msg === "outer")).subscribe(() => log.info("inner"));
      log.addSink(new FunctionSink((records$) => records$.pipe(filter((r: LogRecord) => (order.push(r.msg), true))), { name: "order" }));
      log.info("outer");
      log.info("after");
      await log.complete();
      expect(order).to.deep.equal(["outer", "inner", "after"]);
    });
  });

  describe("a log call never throws (H3)", () => {
    const revoked = (): object => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    const trapping = (): object =>
      new Proxy(
        {},
        {
          get: () => {
            throw new Error("get trap");
          },
          ownKeys: () => {
            throw new Error("ownKeys trap");
          },
          getOwnPropertyDescriptor: () => {
            throw new Error("descriptor trap");
          },
          has: () => {
            throw new Error("has trap");
          },
        },
      );
    const hostile: Array<[string, () => unknown]> = [
      ["a revoked Proxy", revoked],
      ["a Proxy whose traps throw", trapping],
      ["a Symbol", () => Symbol("s")],
      ["a BigInt", () => 10n ** 30n],
      ["undefined", () => undefined],
    ];

    for (const [what, make] of hostile) {
      it(`${what} as the message, as extra, as exc, as options: no throw, one record each, all written`, async () => {
        const { log } = quietLogger("hostile", dir(), { file_json: { enabled: true, path: "app.ndjson" } });
        const records: LogRecord[] = [];
        log.log$.subscribe((record) => records.push(record));
        const call = log.error as unknown as (...args: unknown[]) => void;
        expect(() => call.call(log, make())).not.to.throw();
        expect(() => log.error("extra", { extra: make() as Record<string, unknown> })).not.to.throw();
        expect(() => log.error("exc", { exc: make() })).not.to.throw();
        expect(() => call.call(log, "options", make())).not.to.throw();
        expect(() => call.call(log, make(), "message", make())).not.to.throw();
        const report = await log.complete();
        expect(records).to.have.length(5);
        for (const record of records) expect(record.msg).to.be.a("string");
        // extra is serialised in the batch, where a hostile value becomes a placeholder.
        expect(report.sinks.file_json).to.include({ accepted: 5, delivered: 5 });
        const lines = readLines(path.join(dir(), "app.ndjson"));
        expect(lines).to.have.length(5);
        for (const line of lines) expect(() => JSON.parse(line)).not.to.throw();
      });
    }
  });

  describe("lifecycle races (H4)", () => {
    it("complete() from a subscriber on a CRITICAL: the record reaches the sink subscribed after it, and is counted", async () => {
      const { log } = quietLogger("race", dir());
      log.log$.pipe(filter((r) => r.levelno >= Level.CRITICAL)).subscribe(() => void log.complete());
      const got: string[] = [];
      const sink = log.addSink(new FunctionSink((records$) => records$.pipe(filter((r: LogRecord) => (got.push(r.msg), true))), { name: "late" }));
      log.info("a");
      log.warning("b");
      log.critical("c");
      log.info("after");
      const report = await log.complete();
      expect(got).to.deep.equal(["a", "b", "c"]);
      expect(report.sinks[sink.name]).to.include({ accepted: 4, delivered: 3 });
      expect(report.sinks[sink.name].droppedBy.after_complete).to.equal(1);
      expectReportAddsUp(report);
    });

    it("removeSink twice while it drains (by handle, then by name): both resolve after the drain with the same report", async () => {
      const { log } = quietLogger("remove", dir());
      const written: string[] = [];
      const sink = log.addSink(
        new WriteSink(
          async (records) => {
            await new Promise((resolve) => setImmediate(resolve));
            for (const record of records) written.push(record.msg);
          },
          { name: "db", batchMs: 60_000 },
        ),
      );
      for (let i = 0; i < 10; i++) log.info(`r${i}`);
      const first = log.removeSink(sink);
      const second = log.removeSink("db");
      const third = log.removeSink(sink);
      const [a, b, c] = await Promise.all([first, second, third]);
      expect(written).to.have.length(10);
      expect(a).to.include({ accepted: 10, delivered: 10 });
      expect(b).to.deep.equal(a);
      expect(c).to.deep.equal(a);
      await log.complete();
    });

    it("a sink name reused after removeSink: the removed sink's counts stay in the final report as name#1", async () => {
      const { log } = quietLogger("reuse", dir());
      const first = log.addSink(new FunctionSink((records$) => records$, { name: "db" }));
      for (let i = 0; i < 10; i++) log.info("old");
      await log.removeSink(first);
      log.addSink(new FunctionSink((records$) => records$, { name: "db" }));
      for (let i = 0; i < 5; i++) log.info("new");
      const report = await log.complete();
      expect(report.sinks.db).to.include({ accepted: 5, delivered: 5 });
      expect(report.sinks["db#1"]).to.include({ accepted: 10, delivered: 10 });
      expectReportAddsUp(report);
    });
  });

  describe("durations past what a timer holds (H5)", () => {
    for (const timeoutMs of [Number.POSITIVE_INFINITY, 2 ** 31, 2 ** 40]) {
      it(`complete({ timeoutMs: ${timeoutMs} }) waits for a slow sink instead of failing it after 1 ms`, async () => {
        const { log } = quietLogger("long", dir());
        const sink = log.addSink(
          new WriteSink(
            async () => {
              await new Promise((resolve) => setTimeout(resolve, 30));
            },
            { name: "slow" },
          ),
        );
        for (let i = 0; i < 5; i++) log.info("x");
        const report = await log.complete({ timeoutMs });
        expect(report.sinks[sink.name]).to.include({ accepted: 5, delivered: 5, failed: 0 });
      });
    }

    it("timeout_ms of 2^31 for a Discord sink: each alert delivered once, none dead-lettered as a false failure", async () => {
      const discord = await FakeDiscord.start();
      try {
        const { log } = quietLogger("discord", dir(), {
          discord: { enabled: true, webhook_url: discord.webhookUrl(), timeout_ms: 2 ** 31, batch_ms: 10, min_level: "ERROR" },
        });
        for (let i = 0; i < 3; i++) log.error(`alert ${i}`);
        const report = await log.complete();
        expect(report.sinks.discord).to.include({ accepted: 3, delivered: 3, failed: 0 });
        expect(discord.messages.flatMap((m) => m.embeds ?? [])).to.have.length(3);
      } finally {
        await discord.close();
      }
    });
  });

  describe("process hooks are shared (H8)", () => {
    it("50 loggers with every hook add one listener per event, and no MaxListenersExceededWarning", () => {
      const result = spawnSync(process.execPath, ["--import", "tsx", fixture, dir(), "many-hooked-loggers"], { encoding: "utf8", timeout: 60_000 });
      expect(result.status, result.stderr).to.equal(0);
      const { counts, after, emitted } = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
      expect(counts).to.deep.equal({ SIGINT: 1, SIGTERM: 1, uncaughtExceptionMonitor: 1, beforeExit: 1, exit: 1 });
      // Completed loggers take their listeners away (the runtime's own exit listener may go too).
      expect(after).to.deep.include({ SIGINT: 0, SIGTERM: 0, uncaughtExceptionMonitor: 0, beforeExit: 0 });
      expect(after.exit).to.be.at.most(0);
      expect(emitted).to.not.include("MaxListenersExceededWarning");
      expect(result.stderr).to.not.include("MaxListenersExceededWarning");
    });

    it("SIGTERM with two handleSignals loggers: both complete (every record written) before the signal is re-raised once", async () => {
      const ended = await signalWhenReady(fixture, [dir(), "two-loggers-sigterm"], "SIGTERM");
      expect(ended).to.deep.equal({ code: null, signal: "SIGTERM" });
      expect(readLines(path.join(dir(), "first.log"))).to.have.length(50);
      expect(readLines(path.join(dir(), "second.log"))).to.have.length(50);
    });
  });
});
