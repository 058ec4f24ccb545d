import { expect } from "chai";
import * as path from "node:path";
import { FlowlogSinkError, UnknownLevelError, type LevelLike, type LogRecord } from "../src/index.js";
import { quietLogger } from "./helpers/quiet-logger.js";
import { makeTempDir, readLines } from "./helpers/temp-dir.js";

/** Levels changed at run time: setLevel, setSinkLevel, isLevelEnabled. */
describe("Logger levels at run time", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  const msgs = (file: string) => readLines(path.join(dir, file)).map((line) => JSON.parse(line).msg);
  const twoFiles = () =>
    quietLogger("api", dir, {
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
    const { log } = quietLogger("api", dir, { file_json: { enabled: true, path: "all.ndjson" } }, { clock: () => (clockReads++, 0) });
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
    const csv = readLines(path.join(dir, "errors.csv")).slice(1);
    expect(csv.map((line) => line.includes("csv takes it") || line.includes("both take it"))).to.deep.equal([true, true]);
    expect(report.sinks.file_json).to.include({ accepted: 1, delivered: 1 });
    expect(report.sinks.file_csv).to.include({ accepted: 2, delivered: 2 });
  });

  it("setSinkLevel works on a sink added with addSink, by its name", async () => {
    const { log } = quietLogger("api", dir);
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
    const { log } = quietLogger("api", dir, { file_csv: { enabled: true, path: "errors.csv", min_level: "ERROR" } });
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
});
