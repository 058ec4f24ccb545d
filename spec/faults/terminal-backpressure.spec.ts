// Catalogue row D7 (reliability.md): stdout is a pipe nobody reads.
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { DeliveryReport } from "../../src/index.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

describe("faults: a terminal nobody reads (D7)", () => {
  const dir = useTempDir();
  const fixture = path.join(import.meta.dirname, "..", "fixtures", "blocked-stdout.ts");

  /** Runs the fixture, reading its stdout only once it says the file sink has every record. */
  function runBlocked(count: number) {
    return new Promise<{ code: number | null; maxBuffered: number; fileDoneLines: number; stdoutLines: number; report: DeliveryReport; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", fixture, dir(), String(count)], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.pause();
        let stderr = "";
        let stdoutLines = 0;
        let maxBuffered = -1;
        let fileDoneLines = -1;
        child.stdout.on("data", (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 0x0a) stdoutLines++;
        });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
          stderr += chunk;
          const done = /^FILE_DONE (\d+)$/m.exec(stderr);
          if (done && maxBuffered < 0) {
            maxBuffered = Number(done[1]);
            fileDoneLines = readLines(path.join(dir(), "app.ndjson")).length;
            child.stdout.resume();
          }
        });
        child.on("error", reject);
        child.on("close", (code) => {
          const line = /^REPORT (.*)$/m.exec(stderr);
          if (!line) return reject(new Error(`no report from the fixture (exit ${code}): ${stderr}`));
          resolve({ code, maxBuffered, fileDoneLines, stdoutLines, report: JSON.parse(line[1]) as DeliveryReport, stderr });
        });
      },
    );
  }

  it("the file sink gets every record while stdout is blocked; the terminal's backlog stays bounded and its drops are counted", async () => {
    const count = 60_000;
    const run = await runBlocked(count);
    expect(run.code, run.stderr).to.equal(0);
    expectReportAddsUp(run.report);
    // The file sink finished while nobody read stdout: one slow sink does not hold up another.
    expect(run.fileDoneLines).to.equal(count);
    expect(run.report.sinks.file_json).to.include({ accepted: count, delivered: count });
    // Without backpressure the stream buffer would hold all ~10 MB of text.
    expect(run.maxBuffered, "bytes waiting in process.stdout").to.be.at.most(4 * 1024 * 1024);
    const terminal = run.report.sinks.terminal;
    expect(terminal.accepted).to.equal(count);
    expect(terminal.droppedBy.queue_full, "records shed while the pipe was full").to.be.above(0);
    // Exact accounting: every line the parent read is one the report calls delivered.
    expect(run.stdoutLines).to.equal(terminal.delivered);
    expect(terminal.failed).to.equal(0);
  });
});
