// Issue 10, point 6: special files. A configuration file is read only when it is a regular file
// of at most 1 MB (FLOWLOG_CONFIG=/dev/zero used to read forever, a FIFO nobody writes to block
// forever); a log path that is a FIFO, socket or block device is refused (a FIFO nobody reads used
// to freeze the process in the synchronous open, past complete()'s deadline). What freezes is
// run in a child process whose wait is bounded: a child killed at the bound is the failure.
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { FileSink, FlowlogSinkError, Logger, type DeliveryReport } from "../../src/index.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures");
/** Far beyond what each child needs; only a frozen child reaches it. */
const FREEZE_BOUND_MS = 30_000;

/** Runs a fixture; `froze` when it had to be killed at the bound. */
function runFixture(script: string, args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(FIXTURES, script), ...args], {
    encoding: "utf8",
    timeout: FREEZE_BOUND_MS,
    killSignal: "SIGKILL",
    maxBuffer: 16 * 1024 * 1024,
  });
  return { ...result, froze: result.signal === "SIGKILL" };
}

/** Makes a FIFO with mkfifo(1), or skips the test saying why it cannot. */
function mkfifo(context: Mocha.Context, file: string): void {
  try {
    execFileSync("mkfifo", [file]);
  } catch (error) {
    console.log(`      skipped: mkfifo is not available (${(error as Error).message.split("\n")[0]})`);
    context.skip();
  }
}

describe("faults: special files never take the host down (issue 10.6)", () => {
  const dir = useTempDir("flowlog-special-");

  describe("configuration files", () => {
    interface Outcome {
      readonly ok?: true;
      readonly name?: string;
      readonly code?: string;
      readonly message?: string;
    }

    /** A fresh working directory for one case, made by `setup`. */
    function caseDir(label: string, setup: (cwd: string) => void): string {
      const cwd = path.join(dir(), label);
      fs.mkdirSync(cwd);
      setup(cwd);
      return cwd;
    }

    function loadAll(cases: { label: string; cwd: string; flowlogConfig?: string }[]): Map<string, Outcome> {
      const run = runFixture("load-special-config.ts", [JSON.stringify(cases)]);
      const outcomes = new Map<string, Outcome>();
      for (const match of run.stdout.matchAll(/^CASE (\S+) (.*)$/gm)) outcomes.set(match[1], JSON.parse(match[2]) as Outcome);
      const missing = cases.filter(({ label }) => !outcomes.has(label)).map(({ label }) => label);
      expect(run.froze, `the child froze before answering ${missing.join(", ")}`).to.equal(false);
      expect(run.status, run.stderr).to.equal(0);
      expect(missing, "cases without an answer").to.deep.equal([]);
      return outcomes;
    }

    function expectConfigError(outcome: Outcome | undefined, ...parts: string[]): void {
      expect(outcome?.name, JSON.stringify(outcome)).to.equal("FlowlogConfigError");
      expect(outcome?.code).to.equal("FLOWLOG_CONFIG");
      for (const part of parts) expect(outcome?.message).to.include(part);
    }

    it("FLOWLOG_CONFIG naming /dev/zero, a FIFO nobody writes or a directory: a FlowlogConfigError at once that names the kind", function () {
      const fifo = path.join(dir(), "config.fifo");
      mkfifo(this, fifo);
      const directory = path.join(dir(), "config.d");
      fs.mkdirSync(directory);
      const outcomes = loadAll([
        { label: "dev-zero", cwd: dir(), flowlogConfig: "/dev/zero" },
        { label: "fifo", cwd: dir(), flowlogConfig: fifo },
        { label: "directory", cwd: dir(), flowlogConfig: "config.d" },
      ]);
      expectConfigError(outcomes.get("dev-zero"), "FLOWLOG_CONFIG", "/dev/zero", "is a character device, not a regular file");
      expectConfigError(outcomes.get("fifo"), "FLOWLOG_CONFIG", fifo, "is a FIFO (named pipe), not a regular file");
      expectConfigError(outcomes.get("directory"), "FLOWLOG_CONFIG", "config.d", directory, "is a directory, not a regular file");
    });

    it("flowlog.yaml, flowlog.json or .env that is a FIFO or a directory, or over 1 MB: a FlowlogConfigError naming the file; 1 MB is still read", function () {
      const probe = path.join(dir(), "probe.fifo");
      mkfifo(this, probe);
      const oneMegabyte = 1024 * 1024;
      /** A valid JSON config of exactly `bytes` bytes: {"logger_name":"aaa…"} */
      const jsonOfSize = (bytes: number) => `{"logger_name":"${"a".repeat(bytes - '{"logger_name":""}'.length)}"}`;
      const cases = [
        { label: "yaml-fifo", cwd: caseDir("yaml-fifo", (cwd) => execFileSync("mkfifo", [path.join(cwd, "flowlog.yaml")])) },
        { label: "json-directory", cwd: caseDir("json-directory", (cwd) => fs.mkdirSync(path.join(cwd, "flowlog.json"))) },
        { label: "dotenv-fifo", cwd: caseDir("dotenv-fifo", (cwd) => execFileSync("mkfifo", [path.join(cwd, ".env")])) },
        { label: "dotenv-directory", cwd: caseDir("dotenv-directory", (cwd) => fs.mkdirSync(path.join(cwd, ".env"))) },
        { label: "json-too-large", cwd: caseDir("json-too-large", (cwd) => fs.writeFileSync(path.join(cwd, "flowlog.json"), jsonOfSize(oneMegabyte + 1))) },
        { label: "json-1mb", cwd: caseDir("json-1mb", (cwd) => fs.writeFileSync(path.join(cwd, "flowlog.json"), jsonOfSize(oneMegabyte))) },
      ];
      const outcomes = loadAll(cases);
      expectConfigError(outcomes.get("yaml-fifo"), "flowlog.yaml:", "is a FIFO (named pipe)");
      expectConfigError(outcomes.get("json-directory"), "flowlog.json:", "is a directory");
      expectConfigError(outcomes.get("dotenv-fifo"), ".env:", "is a FIFO (named pipe)");
      expectConfigError(outcomes.get("dotenv-directory"), ".env:", "is a directory");
      expectConfigError(outcomes.get("json-too-large"), "flowlog.json:", "is too large (1.0 MB): configuration files are read up to 1 MB");
      expect(outcomes.get("json-1mb"), "a file of exactly 1 MB is read").to.deep.equal({ ok: true });
    });
  });

  describe("log paths", () => {
    it("a FileSink, a configured file sink or the dead letter on a FIFO is refused at construction, naming the path", function () {
      const fifo = path.join(dir(), "app.fifo");
      mkfifo(this, fifo);
      const refused = (build: () => unknown) => {
        expect(build).to.throw(FlowlogSinkError, /is a FIFO \(named pipe\): flowlog appends logs only to regular files/);
        try {
          build();
        } catch (error) {
          expect((error as Error).message).to.include(fifo);
        }
      };
      refused(() => new FileSink(fifo));
      const options = (config: object) => ({ cwd: dir(), env: {}, onWarning: () => {}, config });
      refused(() => new Logger("fifo", options({ dead_letter: { enabled: false }, sinks: { terminal: { enabled: false }, file_text: { enabled: true, path: "app.fifo" } } })));
      refused(() => new Logger("fifo", options({ dead_letter: { enabled: true, path: "app.fifo" }, sinks: { terminal: { enabled: false } } })));
    });

    it("a path that becomes a FIFO after construction fails only that sink, at once and clearly; complete() keeps its deadline; /dev/null still takes every record", function () {
      const fifo = path.join(dir(), "late.fifo");
      const probe = path.join(dir(), "probe.fifo");
      mkfifo(this, probe);
      const count = 500;
      const run = runFixture("fifo-log-path.ts", [dir(), fifo, String(count)]);
      expect(run.froze, "the process froze (the open of the FIFO blocked)").to.equal(false);
      expect(run.status, run.stderr).to.equal(0);
      const { report, warnings } = JSON.parse(run.stdout) as { report: DeliveryReport; warnings: string[] };
      expectReportAddsUp(report);
      expect(report.sinks.fifo).to.include({ accepted: count, delivered: 0, failed: count });
      expect(report.sinks.fifo.lastError).to.include(fifo).and.to.include("is a FIFO (named pipe)");
      expect(warnings.filter((warning) => warning.includes('sink "fifo"')), JSON.stringify(warnings)).to.have.length(1);
      expect(report.sinks.devnull).to.include({ accepted: count, delivered: count, failed: 0 });
      expect(report.sinks.file_json).to.include({ accepted: count, delivered: count, failed: 0 });
      expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(count);
    });
  });
});
