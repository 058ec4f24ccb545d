// `flowlog stats` driven as a user runs it (`npx flowlog stats` from the installed package), on a
// file written by a real Logger plus pino lines and a line that is not a record.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { installedCli, type InstalledCli } from "../helpers/installed-cli.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

describe("cli: flowlog stats", function () {
  this.timeout(60_000);
  let cli: InstalledCli;
  let dir: string;
  let cleanup: () => void;
  let file: string;

  before(async function () {
    this.timeout(300_000);
    cli = await installedCli();
    ({ dir, cleanup } = makeTempDir("flowlog-stats-"));
    // 09:00: 3 records, 09:01: 6, 09:03: 1 (09:02 has none); levels INFO 6, ERROR 3, CRITICAL 1.
    const times = [0, 10, 20, 60, 61, 62, 63, 64, 65, 185].map((s) => T0 + s * 1000);
    let next = 0;
    const { log } = quietLogger("api", dir, { file_json: { enabled: true, path: "app.ndjson" } }, { clock: () => times[next++] });
    for (let i = 0; i < 6; i++) log.info("request handled", { extra: { i } });
    for (let i = 0; i < 3; i++) log.child({ db: true }).error("slow query");
    log.critical("System is down");
    await log.complete();
    file = path.join(dir, "app.ndjson");
    // pino lines from another service, and a line that is not a record.
    fs.appendFileSync(file, `${JSON.stringify({ level: 40, time: T0 + 185_500, name: "worker", msg: "queue backlog" })}\nnot a record\n`);
  });
  after(() => cleanup?.());

  it("draws levels, loggers, the per-minute sparkline, busiest minutes and top messages; exit 0", async () => {
    const result = await cli.run(["stats", file, "--width", "60"]);
    expect(result.code, result.stderr).to.equal(0);
    const text = result.stdout;
    expect(text.split("\n")[0]).to.equal("11 records, 2026-11-24 09:00:00Z .. 2026-11-24 09:03:05Z (1 other line)");
    expect(text).to.match(/\n {2}INFO {6}█+ +6 +54\.5%\n/);
    expect(text).to.match(/\n {2}WARNING {3}█+.? +1 +9\.1%\n/);
    expect(text).to.match(/\n {2}ERROR {5}█+.? +3 +27\.3%\n/);
    expect(text).to.match(/\n {2}CRITICAL {2}█+.? +1 +9\.1%\n/);
    expect(text).to.match(/Loggers\n {2}api {5}█+ +10 +90\.9%\n {2}worker +█+.? +1 +9\.1%\n/);
    expect(text).to.include("Records per minute, 2026-11-24 09:00 .. 2026-11-24 09:03 UTC (a column is a minute; peak 6 at 2026-11-24 09:01)\n  ▄█ ▃\n");
    expect(text).to.include("Busiest minutes\n  2026-11-24 09:01  6\n  2026-11-24 09:00  3\n  2026-11-24 09:03  2\n");
    expect(text).to.match(/Most frequent messages\n {2}6 {2}request handled\n {2}3 {2}slow query\n/);
    expect(text).not.to.include("\x1b[");
  });

  it("colours each level's bar like the terminal colours the level (FORCE_COLOR)", async () => {
    const result = await cli.run(["stats", file], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(result.stdout).to.match(/\x1b\[32mINFO {4}\x1b\[39m {2}\x1b\[32m█+/);
    expect(result.stdout).to.match(/\x1b\[31mERROR {3}\x1b\[39m {2}\x1b\[31m█+/);
  });

  it("--json gives the counts; filters apply as in pretty; stdin works", async () => {
    const result = await cli.run(["stats", "--json", "--level", "ERROR"], { input: fs.readFileSync(file, "utf8") });
    expect(result.code, result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout);
    expect(json).to.deep.include({
      records: 4,
      other_lines: 1,
      first: "2026-11-24T09:01:03.000Z",
      last: "2026-11-24T09:03:05.000Z",
      levels: { ERROR: 3, CRITICAL: 1 },
      loggers: { api: 4 },
      approximate: false,
    });
    expect(json.messages).to.deep.equal([{ message: "slow query", count: 3 }, { message: "System is down", count: 1 }]);
    expect(json.per_minute).to.deep.equal({ "2026-11-24T09:01:00.000Z": 3, "2026-11-24T09:03:00.000Z": 1 });
  });

  it("a file that cannot be read: reported, the others counted, exit 1; bad options exit 2", async () => {
    const missing = await cli.run(["stats", path.join(dir, "missing.ndjson"), file, "--json"]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include("missing.ndjson: cannot read (ENOENT)");
    expect(JSON.parse(missing.stdout).records).to.equal(11);
    for (const args of [["stats", "--top", "0", file], ["stats", "--width", "wide", file], ["stats", "--level", "LOUD", file]]) {
      const result = await cli.run(args);
      expect(result.code, args.join(" ")).to.equal(2);
    }
    const help = await cli.run(["stats", "--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: flowlog stats/);
  });
});
