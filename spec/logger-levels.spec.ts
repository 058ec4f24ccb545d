import { expect } from "chai";
import * as path from "node:path";
import { FlowlogSinkError, Logger, UnknownLevelError, type LevelLike, type LogRecord } from "../src/index.js";
import { quietLogger } from "./helpers/quiet-logger.js";
import { readLines, useTempDir } from "./helpers/temp-dir.js";

/** Levels changed at run time: setLevel, setSinkLevel, isLevelEnabled. */
describe("Logger levels at run time", () => {
  const dir = useTempDir();

  const msgs = (file: string) => readLines(path.join(dir(), file)).map((line) => JSON.parse(line).msg);
  const twoFiles = () =>
    quietLogger("api", dir(), {
      file_json: { enabled: true, path: "all.ndjson", min_level: "DEBUG" },
      file_csv: { enabled: true, path: "errors.csv", min_level: "ERROR" },
    });

  it("setLevel is a floor before every sink's own level, for log$ too; setLevel('debug') lifts it", async () => {
    const { log } = twoFiles();
    const seen: string[] = [];
    log.log$.subscribe((record: LogRecord) => seen.push(record.msg));
    log.info("before");
    log.setLevel("warn");
    log.info("below the floor");
    log.warning("at the floor");
    log.setLevel("debug");
    log.debug("floor lifted");
    await log.complete();
    expect(msgs("all.ndjson")).to.deep.equal(["before", "at the floor", "floor lifted"]);
    expect(seen).to.deep.equal(["before", "at the floor", "floor lifted"]);
  });

  it("the floor holds for the whole tree: set on a child, the parent and its siblings follow", async () => {
    const { log } = twoFiles();
    const child = log.child({ request: 1 });
    const sibling = log.child({ request: 2 });
    child.setLevel("ERROR");
    log.warning("parent below");
    sibling.info("sibling below");
    sibling.error("sibling at");
    await log.complete();
    expect(msgs("all.ndjson")).to.deep.equal(["sibling at"]);
  });

  it("a call below the floor makes nothing: the clock is not read", async () => {
    let clockReads = 0;
    const { log } = quietLogger("api", dir(), { file_json: { enabled: true, path: "all.ndjson" } }, { clock: () => (clockReads++, 0) });
    log.setLevel("error");
    log.debug("no");
    log.warn(new Error("no"));
    expect(clockReads).to.equal(0);
    log.error("yes");
    expect(clockReads).to.equal(1);
    await log.complete();
  });

  it("setSinkLevel changes one sink from the next record on; lowering it below the threshold makes those records again", async () => {
    const { log } = twoFiles();
    log.setSinkLevel("file_json", "ERROR");
    log.warning("json skips it");
    log.setSinkLevel("file_csv", "debug");
    log.debug("csv takes it");
    log.error("both take it");
    const report = await log.complete();
    expect(msgs("all.ndjson")).to.deep.equal(["both take it"]);
    const csv = readLines(path.join(dir(), "errors.csv")).slice(1);
    expect(csv.map((line) => line.includes("csv takes it") || line.includes("both take it"))).to.deep.equal([true, true]);
    expect(report.sinks.file_json).to.include({ accepted: 1, delivered: 1 });
    expect(report.sinks.file_csv).to.include({ accepted: 2, delivered: 2 });
  });

  it("setSinkLevel works on a sink added with addSink, by its name", async () => {
    const { log } = quietLogger("api", dir());
    const got: string[] = [];
    log.addSink(
      (records$) => {
        records$.subscribe((record) => got.push(record.msg));
        return records$;
      },
      { name: "collector", minLevel: "ERROR" },
    );
    log.info("not yet");
    log.setSinkLevel("collector", "info");
    log.info("now");
    await log.complete();
    expect(got).to.deep.equal(["now"]);
  });

  it("an unknown sink name or level is an error naming what is attached", () => {
    const { log } = twoFiles();
    expect(() => log.setSinkLevel("discord", "ERROR")).to.throw(FlowlogSinkError, 'no sink named "discord" is attached (attached: file_json, file_csv)');
    expect(() => log.setSinkLevel("file_json", "LOUD" as LevelLike)).to.throw(UnknownLevelError);
    expect(() => log.setLevel(15 as LevelLike)).to.throw(UnknownLevelError);
    void log.complete();
  });

  it("isLevelEnabled: true when some sink or a log$ subscriber takes the level, never below the floor", async () => {
    const { log } = quietLogger("api", dir(), { file_csv: { enabled: true, path: "errors.csv", min_level: "ERROR" } });
    expect([log.isLevelEnabled("info"), log.isLevelEnabled("error"), log.isLevelEnabled("fatal")]).to.deep.equal([false, true, true]);
    const subscription = log.log$.subscribe(() => undefined);
    expect(log.isLevelEnabled("debug")).to.equal(true);
    log.setLevel("WARNING");
    expect([log.isLevelEnabled("info"), log.isLevelEnabled("warn")]).to.deep.equal([false, true]);
    subscription.unsubscribe();
    expect(log.isLevelEnabled("warn")).to.equal(false);
    log.setSinkLevel("file_csv", "warn");
    expect(log.isLevelEnabled("warn")).to.equal(true);
    await log.complete();
  });

  describe("one switch for the whole tree (level methods below the threshold are no-ops)", () => {
    /** A logger with a collecting sink at `minLevel`; `said()` returns and clears "request:msg" of what it took. */
    const collecting = (minLevel: LevelLike = "ERROR") => {
      const { log } = quietLogger("api", dir());
      const got: string[] = [];
      log.addSink(
        (records$) => {
          records$.subscribe((record) => got.push(`${String(record.extra?.request ?? "root")}:${record.msg}`));
          return records$;
        },
        { name: "collector", minLevel },
      );
      return { log, said: () => got.splice(0) };
    };
    /** Every logger calls debug, info and error. */
    const everyoneLogs = (...loggers: Logger[]): void => {
      for (const logger of loggers) {
        logger.debug("debug");
        logger.info("info");
        logger.error("error");
      }
    };

    it("setLevel reaches children made before it, after it, and their children", async () => {
      const { log, said } = collecting("DEBUG");
      const before = log.child({ request: "before" });
      log.setLevel("ERROR");
      const after = log.child({ request: "after" });
      const grandchild = before.child({ request: "grandchild" });
      everyoneLogs(log, before, after, grandchild);
      expect(said()).to.deep.equal(["root:error", "before:error", "after:error", "grandchild:error"]);
      after.setLevel("INFO");
      everyoneLogs(before, grandchild);
      expect(said()).to.deep.equal(["before:info", "before:error", "grandchild:info", "grandchild:error"]);
      await log.complete();
    });

    it("setSinkLevel lowers and raises every logger of the tree", async () => {
      const { log, said } = collecting("ERROR");
      const before = log.child({ request: "before" });
      before.setSinkLevel("collector", "info");
      const after = log.child({ request: "after" });
      everyoneLogs(before, after);
      expect(said()).to.deep.equal(["before:info", "before:error", "after:info", "after:error"]);
      log.setSinkLevel("collector", "critical");
      everyoneLogs(log, before, after);
      expect(said()).to.deep.equal([]);
      await log.complete();
    });

    it("a log$ subscriber turns every level on for the tree while it stays, and off when it leaves", async () => {
      const { log, said } = collecting("ERROR");
      const before = log.child({ request: "before" });
      const seen: string[] = [];
      const subscription = before.log$.subscribe((record) => seen.push(`${String(record.extra?.request ?? "root")}:${record.level}`));
      const after = log.child({ request: "after" });
      everyoneLogs(log, after);
      expect(seen).to.deep.equal(["root:DEBUG", "root:INFO", "root:ERROR", "after:DEBUG", "after:INFO", "after:ERROR"]);
      expect(said()).to.deep.equal(["root:error", "after:error"]);
      subscription.unsubscribe();
      seen.length = 0;
      everyoneLogs(before, after);
      expect(seen).to.deep.equal([]);
      expect(said()).to.deep.equal(["before:error", "after:error"]);
      await log.complete();
    });

    it("addSink turns a level on for children made before it; removeSink turns it off again", async () => {
      const { log, said } = collecting("ERROR");
      const before = log.child({ request: "before" });
      const infos: string[] = [];
      const extra = log.addSink(
        (records$) => {
          records$.subscribe((record) => infos.push(`${String(record.extra?.request ?? "root")}:${record.msg}`));
          return records$;
        },
        { name: "infos", minLevel: "INFO" },
      );
      const after = before.child({ request: "after" });
      everyoneLogs(before, after);
      expect(infos).to.deep.equal(["before:info", "before:error", "after:info", "after:error"]);
      expect(said()).to.deep.equal(["before:error", "after:error"]);
      await after.removeSink(extra);
      infos.length = 0;
      everyoneLogs(log, before, after);
      expect(infos).to.deep.equal([]);
      expect(said()).to.deep.equal(["root:error", "before:error", "after:error"]);
      expect([log.isLevelEnabled("info"), after.isLevelEnabled("error")]).to.deep.equal([false, true]);
      await log.complete();
    });

    it("two trees switch apart; their loggers are Loggers", async () => {
      const first = collecting("ERROR");
      const second = collecting("ERROR");
      first.log.setLevel("DEBUG");
      second.log.setSinkLevel("collector", "debug");
      first.log.setSinkLevel("collector", "critical");
      const child = second.log.child({ request: "child" });
      everyoneLogs(first.log, child);
      expect(first.said()).to.deep.equal([]);
      expect(second.said()).to.deep.equal(["child:debug", "child:info", "child:error"]);
      expect(first.log).to.be.instanceOf(Logger);
      expect(child).to.be.instanceOf(Logger);
      await Promise.all([first.log.complete(), second.log.complete()]);
    });

    it("a subclass of Logger keeps its own methods and still logs only what a sink takes", async () => {
      const calls: string[] = [];
      class Audited extends Logger {
        override error(first: unknown, second?: unknown): void {
          calls.push("error");
          (super.error as (a: unknown, b?: unknown) => void)(first, second);
        }
      }
      const got: string[] = [];
      const log = new Audited("api", { cwd: dir(), env: {}, config: { dead_letter: { enabled: false }, sinks: { terminal: { enabled: false } } } });
      log.addSink(
        (records$) => {
          records$.subscribe((record) => got.push(`${record.logger}:${record.msg}`));
          return records$;
        },
        { name: "collector", minLevel: "ERROR" },
      );
      log.info("below");
      log.error("taken");
      log.child({}).info("child below");
      log.child({}).error("child taken");
      expect(log).to.be.instanceOf(Audited);
      expect(calls).to.deep.equal(["error"]);
      expect(got).to.deep.equal(["api:taken", "api:child taken"]);
      await log.complete();
    });
  });
});
