// `flowlog pretty` driven as a user runs it: the packed package installed into an empty folder,
// `npx flowlog pretty` on real files written by a real Logger.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { installedCli, type InstalledCli } from "../helpers/installed-cli.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const T0 = Date.UTC(2026, 10, 24, 9, 12, 54, 123);

describe("cli: flowlog pretty", function () {
  this.timeout(60_000);
  let cli: InstalledCli;
  let dir: string;
  let cleanup: () => void;
  /** What flowlog's own file sinks wrote for the same records, one file per format. */
  const written: Record<string, string> = {};

  before(async function () {
    this.timeout(300_000);
    cli = await installedCli();
    ({ dir, cleanup } = makeTempDir("flowlog-pretty-"));
    let now = T0;
    const { log } = quietLogger("myapp", dir, {
      file_json: { enabled: true, path: "app.ndjson" },
      file_text: { enabled: true, path: "app.log" },
      file_csv: { enabled: true, path: "app.csv" },
      file_markdown: { enabled: true, path: "app.md" },
    }, { clock: () => (now += 1000) });
    log.info("Server started on port 8080");
    log.error("Database query timed out", { extra: { timeout_ms: 5000, user: "Ana Lima" } });
    log.child({ route: "/pay" }).warning("card declined\nsecond line", { extra: { attempt: 2 } });
    const cause = new RangeError("root");
    log.critical("System is down", { exc: Object.assign(new TypeError("boom", { cause }), { code: "E_BOOM" }) });
    log.debug("-5 = \x1b[2J cleared?");
    await log.complete();
    for (const name of ["app.ndjson", "app.log", "app.csv", "app.md"]) written[name] = fs.readFileSync(path.join(dir, name), "utf8");
  });
  after(() => cleanup?.());

  const file = (name: string) => path.join(dir, name);

  it("shows flowlog's NDJSON as terminal lines (no colour with NO_COLOR), exit 0", async () => {
    const result = await cli.run(["pretty", file("app.ndjson")]);
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).to.equal("09:12:55.123 INFO     myapp  Server started on port 8080");
    expect(lines[1]).to.equal('09:12:56.123 ERROR    myapp  Database query timed out  timeout_ms=5000 user="Ana Lima"');
    expect(lines[2]).to.equal("09:12:57.123 WARNING  myapp  card declined");
    expect(lines[3]).to.equal("    | second line  route=/pay attempt=2");
    expect(lines[4]).to.equal("09:12:58.123 CRITICAL myapp  System is down");
    expect(lines[5]).to.match(/^    TypeError: boom \{"code":"E_BOOM"\}$/);
    expect(result.stdout).to.include("    Caused by: RangeError: root");
    expect(result.stdout).to.include("09:12:59.123 DEBUG    myapp  -5 = \\x1b[2J cleared?\n");
    expect(result.stdout).not.to.include("\x1b");
    expect(result.stderr).to.equal("");
  });

  for (const [format, sinkFile] of [["json", "app.ndjson"], ["text", "app.log"], ["csv", "app.csv"], ["markdown", "app.md"]]) {
    it(`--format ${format} writes exactly what the ${format} file sink wrote`, async () => {
      const result = await cli.run(["pretty", "--format", format, file("app.ndjson")]);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal(written[sinkFile]);
    });
  }

  it("reads stdin when no file is given, and pino's shape (numeric level, epoch ms, name, err)", async () => {
    const pino = [
      { level: 30, time: T0, pid: 7, hostname: "box", name: "api", msg: "request handled", route: "/a" },
      { level: 60, time: T0 + 1, pid: 7, hostname: "box", name: "api", msg: "fatal one", err: { type: "Error", message: "disk", stack: "Error: disk\n    at main (app.js:3:9)" } },
    ].map((line) => JSON.stringify(line)).join("\n");
    const result = await cli.run(["pretty"], { input: `${pino}\n` });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(
      "09:12:54.123 INFO     api  request handled  pid=7 hostname=box route=/a\n" +
        "09:12:54.124 CRITICAL api  fatal one  pid=7 hostname=box\n" +
        "    Error: disk\n" +
        "        at main (app.js:3:9)\n",
    );
  });

  it("prints a malformed line as it is and carries on with the lines after it", async () => {
    const ndjson = written["app.ndjson"].split("\n");
    const mixed = [ndjson[0], "not json at all", '{"level":"ERROR","levelno":40,"msg":"cut', "", ndjson[1], "\x1b]0;evil\x07 raw control"].join("\n");
    fs.writeFileSync(file("mixed.ndjson"), mixed);
    const result = await cli.run(["pretty", file("mixed.ndjson")]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.split("\n")).to.deep.equal([
      "09:12:55.123 INFO     myapp  Server started on port 8080",
      "not json at all",
      '{"level":"ERROR","levelno":40,"msg":"cut',
      '09:12:56.123 ERROR    myapp  Database query timed out  timeout_ms=5000 user="Ana Lima"',
      "\\x1b]0;evil\\x07 raw control",
      "",
    ]);
    const json = await cli.run(["pretty", "--format", "json", file("mixed.ndjson")]);
    expect(json.stdout.split("\n")[1]).to.equal("not json at all");
  });

  it("filters by --level, --logger, --grep, --since and --until", async () => {
    const level = await cli.run(["pretty", "--level", "error", file("app.ndjson")]);
    expect(level.stdout.match(/^\S+ (\w+)/gm)).to.deep.equal(["09:12:56.123 ERROR", "09:12:58.123 CRITICAL"]);
    const logger = await cli.run(["pretty", "--logger", "other", file("app.ndjson")]);
    expect(logger.stdout).to.equal("");
    const grep = await cli.run(["pretty", "--grep", "timed? ?out|declined", file("app.ndjson")]);
    expect(grep.stdout.match(/^\S+ (\w+)/gm)).to.deep.equal(["09:12:56.123 ERROR", "09:12:57.123 WARNING"]);
    const window = await cli.run(["pretty", "--since", "2026-11-24T09:12:56.123Z", "--until", "2026-11-24T09:12:58.123", file("app.ndjson")]);
    expect(window.stdout.match(/^\S+ (\w+)/gm)).to.deep.equal(["09:12:56.123 ERROR", "09:12:57.123 WARNING"]);
    const recent = await cli.run(["pretty", "--since", "1h", file("app.ndjson")]);
    expect(recent.stdout).to.equal("");
  });

  it("colours by level with FORCE_COLOR, and not with --no-color", async () => {
    const coloured = await cli.run(["pretty", "--level", "ERROR", file("app.ndjson")], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(coloured.stdout).to.include("\x1b[31mERROR\x1b[39m");
    expect(coloured.stdout).to.include("\x1b[1m\x1b[37m\x1b[41mCRITICAL");
    const plain = await cli.run(["pretty", "--no-color", file("app.ndjson")], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(plain.stdout).not.to.include("\x1b[");
  });

  it("reads several files in turn; one that cannot be read is reported and gives exit 1", async () => {
    const result = await cli.run(["pretty", file("missing.ndjson"), file("app.ndjson")]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include("missing.ndjson: cannot read (ENOENT)");
    expect(result.stdout).to.include("Server started on port 8080");
  });

  it("--progress reports on stderr, the output stays clean", async () => {
    const result = await cli.run(["pretty", "--progress", "--format", "json", file("app.ndjson")]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(written["app.ndjson"]);
    expect(result.stderr).to.match(/flowlog pretty: 100% \([\d.]+ k?B of [\d.]+ k?B\)\n$/);
  });

  it("usage errors exit 2 with a pointer to --help", async () => {
    const cases: [string[], RegExp][] = [
      [["pretty", "--bogus"], /Unknown option '--bogus'/],
      [["pretty", "--level", "LOUD"], /--level: expected a level/],
      [["pretty", "--format", "yaml"], /--format: expected one of terminal, text, json, csv, markdown, got "yaml"/],
      [["pretty", "--follow"], /--follow needs at least one FILE/],
      [["pretty", "--since", "yesterday"], /--since: expected an ISO time/],
      [["pretty", "--grep", "("], /--grep: not a valid regular expression/],
      [["frobnicate"], /unknown command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const result = await cli.run(args, { input: "" });
      expect(result.code, args.join(" ")).to.equal(2);
      expect(result.stderr, args.join(" ")).to.match(message);
    }
  });

  it("--help on the command and on pretty, exit 0", async () => {
    const top = await cli.run(["--help"]);
    expect(top.code).to.equal(0);
    expect(top.stdout).to.match(/Usage: flowlog <command>/).and.match(/pretty/).and.match(/Exit codes: 0 .* 1 .* 2 usage error/s);
    const sub = await cli.run(["pretty", "--help"]);
    expect(sub.code).to.equal(0);
    expect(sub.stdout).to.match(/^Usage: flowlog pretty \[options\] \[FILE\.\.\.\]/).and.include("--follow");
  });
});
