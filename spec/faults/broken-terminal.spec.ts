// Issue 10, point 7: a broken terminal is one failing sink. `node app.js | head -1` used to end
// the app with an unhandled EPIPE 'error' event (exit 1, the file sink at 1,500 of 20,000
// records). Now EPIPE, EBADF or a destroyed stdout fails the terminal sink's records for that
// stream, warns once (through a warning path that cannot crash either), the other sinks get
// every record, and the app runs to its end. Each case is a child process.
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { DeliveryReport } from "../../src/index.js";
import { CaptureStream } from "../helpers/capture-stream.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { waitUntil } from "../helpers/wait-until.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

const FIXTURE = path.join(import.meta.dirname, "..", "fixtures", "broken-terminal.ts");
const COUNT = 20_000;
/** Far beyond what the child needs; only a hung child reaches it. */
const HANG_BOUND_MS = 60_000;

type Mode = "epipe" | "epipe-both" | "ebadf";

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What the child wrote on stderr while the parent still read it. */
  readonly stderr: string;
  readonly report: DeliveryReport | undefined;
}

/**
 * Starts the fixture, waits for its first stdout line, breaks what `mode` says (closing the
 * parent's read end is what `head -1` does on exit), then tells the child to go on.
 */
function runBroken(dir: string, mode: Mode): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, dir, String(COUNT), mode], { stdio: ["pipe", "pipe", "pipe"] });
    const killer = setTimeout(() => child.kill("SIGKILL"), HANG_BOUND_MS);
    let stderr = "";
    let stdout = "";
    let broken = false;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (broken || !stdout.includes("\n")) return;
      broken = true;
      if (mode === "epipe" || mode === "epipe-both") child.stdout.destroy();
      if (mode === "epipe-both") child.stderr.destroy();
      child.stdin.end("go\n");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      const result = path.join(dir, "result.json");
      const report = fs.existsSync(result) ? (JSON.parse(fs.readFileSync(result, "utf8")) as { report: DeliveryReport }).report : undefined;
      resolve({ code, signal, stderr, report });
    });
  });
}

describe("faults: a broken terminal is one failing sink (issue 10.7)", () => {
  const dir = useTempDir("flowlog-broken-tty-");

  /** The app ran to its end, the file got every record, the terminal counted what it lost. */
  function expectOneFailingSink(run: Run): DeliveryReport {
    expect(run.signal, `killed: the child hung. stderr: ${run.stderr}`).to.equal(null);
    expect(run.code, `exit code; stderr: ${run.stderr}`).to.equal(0);
    expect(run.report, `no report: the child did not reach its end. stderr: ${run.stderr}`).not.to.equal(undefined);
    const report = run.report as DeliveryReport;
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ accepted: COUNT, delivered: COUNT, failed: 0 });
    expect(readLines(path.join(dir(), "app.ndjson"))).to.have.length(COUNT);
    expect(report.sinks.terminal.accepted).to.equal(COUNT);
    expect(report.sinks.terminal.failed, "stdout records after the break count as failed").to.be.above(0);
    return report;
  }

  /** flowlog's own warning lines about the broken stream, on the child's stderr. */
  const brokenWarnings = (stderr: string, code: string) =>
    stderr.split("\n").filter((line) => line.startsWith("flowlog: ") && line.includes(`stdout is closed or broken (${code})`));

  it("EPIPE (`node app.js | head -1`): the app runs on, the file gets all 20,000 records, one warning, stderr's records still written", async () => {
    const run = await runBroken(dir(), "epipe");
    const report = expectOneFailingSink(run);
    expect(brokenWarnings(run.stderr, "EPIPE"), run.stderr).to.have.length(1);
    expect(report.sinks.terminal.lastError).to.include("EPIPE");
    // ERROR records go to stderr, which still works: they are written and counted delivered.
    const errorLines = run.stderr.split("\n").filter((line) => / ERROR +broken +record/.test(line));
    expect(errorLines).to.have.length(COUNT / 10 - 1);
    expect(report.sinks.terminal.delivered).to.be.at.least(COUNT / 10 - 1);
  });

  it("EPIPE on stdout and stderr (`2>&1 | head -1`): the warning path cannot crash either, the app ends normally", async () => {
    const run = await runBroken(dir(), "epipe-both");
    const report = expectOneFailingSink(run);
    expect(report.sinks.terminal.lastError).to.include("EPIPE");
  });

  it("EBADF (stdout's descriptor closed): counted failed, one warning, the app runs on", async () => {
    const run = await runBroken(dir(), "ebadf");
    const report = expectOneFailingSink(run);
    expect(brokenWarnings(run.stderr, "EBADF"), run.stderr).to.have.length(1);
    expect(report.sinks.terminal.lastError).to.include("EBADF");
  });

  // process.stdout.destroy() leaves a pipe stdout working (Node's stdio streams ignore it), so a
  // destroyed stream is one given in terminalStreams; no crash to catch here, so in-process.
  it("a destroyed terminal stream: its records count as failed (not delivered), one warning, the other stream and sinks go on", async () => {
    const stdout = new CaptureStream();
    const stderr = new CaptureStream();
    const { log, warnings } = quietLogger("destroyed", dir(), { terminal: { enabled: true, colors: false }, file_json: { enabled: true, path: "app.ndjson" } }, {
      terminalStreams: { stdout, stderr },
    });
    log.info("before", { extra: { i: 0 } });
    await waitUntil(() => log.report().sinks.terminal.delivered === 1);
    stdout.destroy();
    for (let i = 1; i < 1000; i++) log.log(i % 10 === 0 ? "ERROR" : "INFO", "after", { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ accepted: 1000, delivered: 1000, failed: 0 });
    expect(report.sinks.terminal).to.include({ accepted: 1000, delivered: 1 + 99, failed: 900 });
    expect(stdout.chunks.join("")).to.include("before").and.not.include("after");
    expect(stderr.text.split("\n").filter((line) => line.includes("ERROR"))).to.have.length(99);
    const about = warnings.filter((warning) => warning.includes("stdout is closed or broken (ERR_STREAM_DESTROYED)"));
    expect(about, JSON.stringify(warnings)).to.have.length(1);
  });
});
