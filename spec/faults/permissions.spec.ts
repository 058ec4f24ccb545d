// Catalogue row D2 (reliability.md): a file sink whose path cannot be written — a read-only
// directory (EACCES), a path that is a directory (EISDIR), a parent that is a regular file
// (ENOTDIR). Pass: only that sink is marked failed (every record it accepted counted as failed,
// one warning naming the code), never an unhandled error, and the other sinks deliver 100%.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { FileSink, type DeliveryReport } from "../../src/index.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

const N = 1000;
const NOBODY = 65534;
const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
const FIXTURE = path.join(import.meta.dirname, "..", "fixtures", "log-to-paths.ts");

interface FixtureOutput {
  readonly uid: number | undefined;
  readonly report: DeliveryReport;
  readonly warnings: string[];
}

/** The D2 pass criterion for a sink named "denied" that could not write `badPath`. */
function expectOnlyDeniedFailed(report: DeliveryReport, warnings: string[], code: string, badPath: string, goodFile: string) {
  expectReportAddsUp(report);
  expect(report.sinks.denied, "the unwritable sink").to.include({ accepted: N, failed: N, delivered: 0, dropped: 0 });
  expect(report.sinks.denied.lastError, "lastError names the code").to.include(code);
  expect(report.sinks.denied.lastError, "lastError names the path").to.include(badPath);
  expect(report.sinks.denied.lastFailure?.code, "lastFailure carries the code as data").to.equal(code);
  expect(report.sinks.file_json, "the healthy sink").to.include({ accepted: N, delivered: N, failed: 0, dropped: 0 });
  expect(readLines(goodFile)).to.have.length(N);
  const about = warnings.filter((warning) => warning.includes(code));
  expect(about, `warnings: ${JSON.stringify(warnings)}`).to.have.length(1);
  expect(about[0]).to.include('sink "denied"');
}

/** Runs the fixture as uid/gid 65534; the child's own process.getuid() is reported back. */
function runAsNobody(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "" },
    uid: NOBODY,
    gid: NOBODY,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("faults: permissions and wrong paths (D2)", () => {
  /** Modes to put back before removal, so cleanup works for a non-root user too. */
  let restore: (() => void)[];
  // Before useTempDir, so it runs first: the modes are put back before the directory goes.
  afterEach(() => {
    for (const undo of restore) undo();
  });
  const dir = useTempDir("flowlog-d2-");
  beforeEach(() => {
    restore = [];
  });

  /** A 0555 directory inside the temp dir (read and traverse, no create). */
  function readOnlyDir(): string {
    const locked = path.join(dir(), "locked");
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o555);
    restore.push(() => fs.chmodSync(locked, 0o755));
    return locked;
  }

  it("EACCES: a file in a 0555 directory (root: child as uid 65534) fails only that sink, and the process exits 0", async function () {
    if (typeof process.getuid !== "function") {
      console.log("      skipped: this platform has no process.getuid, so no POSIX permissions to test");
      this.skip();
    }
    const root = process.getuid() === 0;
    if (!root) {
      // Not root: the 0555 directory stops this very process.
      const badPath = path.join(readOnlyDir(), "denied.log");
      try {
        fs.writeFileSync(badPath, "probe");
        console.log("      skipped: this user can write into a 0555 directory (CAP_DAC_OVERRIDE?)");
        this.skip();
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).to.equal("EACCES");
      }
      const { log, warnings } = quietLogger("d2", dir(), { file_json: { enabled: true, path: "app.ndjson" } });
      log.addSink(new FileSink(badPath, { name: "denied", batchMs: 5, maxBatch: 100 }));
      for (let i = 0; i < N; i++) log.info("record", { extra: { i } });
      const report = await log.complete();
      expectOnlyDeniedFailed(report, warnings, "EACCES", badPath, path.join(dir(), "app.ndjson"));
      return;
    }

    // Root ignores 0555: run the fixture as nobody. It must reach the temp dir, the 0555
    // directory inside it, and a directory of its own for the healthy sink.
    fs.chmodSync(dir(), 0o755);
    const badPath = path.join(readOnlyDir(), "denied.log");
    const out = path.join(dir(), "out");
    fs.mkdirSync(out);
    fs.chownSync(out, NOBODY, NOBODY);
    const goodFile = path.join(out, "app.ndjson");

    const preflight = runAsNobody(["--input-type=module", "-e", `await import(${JSON.stringify(path.join(REPO_ROOT, "src", "index.ts"))})`]);
    if (preflight.error !== undefined || preflight.status !== 0) {
      console.log(
        `      skipped: uid ${NOBODY} cannot run node with tsx from ${REPO_ROOT}: ` +
          `${preflight.error?.message ?? `exit ${preflight.status}`} ${preflight.stderr?.slice(0, 500) ?? ""}`,
      );
      this.skip();
    }

    const result = runAsNobody([FIXTURE, dir(), goodFile, badPath, String(N)]);
    expect(result.error, "spawn").to.equal(undefined);
    expect(result.stderr, "nothing on stderr (no uncaught error, no stray warning)").to.equal("");
    expect(result.status, result.stderr).to.equal(0);
    const output = JSON.parse(result.stdout) as FixtureOutput;
    expect(output.uid, "the child really ran as nobody").to.equal(NOBODY);
    expect(fs.readdirSync(path.dirname(badPath)), "nothing was created in the 0555 directory").to.deep.equal([]);
    expectOnlyDeniedFailed(output.report, output.warnings, "EACCES", badPath, goodFile);
  });

  it("EISDIR: the path is an existing directory; only that sink fails, warned once", async () => {
    const badPath = path.join(dir(), "a-directory");
    fs.mkdirSync(badPath);
    const { log, warnings } = quietLogger("d2", dir(), { file_json: { enabled: true, path: "app.ndjson" } });
    log.addSink(new FileSink(badPath, { name: "denied", batchMs: 5, maxBatch: 100 }));
    for (let i = 0; i < N; i++) log.info("record", { extra: { i } });
    const report = await log.complete();
    expectOnlyDeniedFailed(report, warnings, "EISDIR", badPath, path.join(dir(), "app.ndjson"));
    expect(fs.readdirSync(badPath), "the directory is left alone").to.deep.equal([]);
  });

  it("ENOTDIR: the file's parent is a regular file; only that sink fails, warned once", async () => {
    const parent = path.join(dir(), "a-file");
    fs.writeFileSync(parent, "not a directory\n");
    const badPath = path.join(parent, "app.log");
    const { log, warnings } = quietLogger("d2", dir(), { file_json: { enabled: true, path: "app.ndjson" } });
    log.addSink(new FileSink(badPath, { name: "denied", batchMs: 5, maxBatch: 100 }));
    for (let i = 0; i < N; i++) log.info("record", { extra: { i } });
    const report = await log.complete();
    expectOnlyDeniedFailed(report, warnings, "ENOTDIR", badPath, path.join(dir(), "app.ndjson"));
    expect(fs.readFileSync(parent, "utf8"), "the file in the way is left alone").to.equal("not a directory\n");
  });

  it("ENOTDIR: a regular file further up the path; only that sink fails, warned once", async () => {
    const ancestor = path.join(dir(), "a-file");
    fs.writeFileSync(ancestor, "not a directory\n");
    const badPath = path.join(ancestor, "logs", "app.log");
    const { log, warnings } = quietLogger("d2", dir(), { file_json: { enabled: true, path: "app.ndjson" } });
    log.addSink(new FileSink(badPath, { name: "denied", batchMs: 5, maxBatch: 100 }));
    for (let i = 0; i < N; i++) log.info("record", { extra: { i } });
    const report = await log.complete();
    // mkdir reports the first missing directory it could not create, not the file's own path.
    expectOnlyDeniedFailed(report, warnings, "ENOTDIR", path.dirname(badPath), path.join(dir(), "app.ndjson"));
    expect(fs.readFileSync(ancestor, "utf8")).to.equal("not a directory\n");
  });
});
