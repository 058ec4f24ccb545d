// Catalogue rows D3, D4, D5 (reliability.md): the log file deleted, renamed or truncated by
// someone else (logrotate, an operator) while the logger writes to it.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";

describe("faults: the log file moved under the writer (D3-D5)", () => {
  const dir = useTempDir();
  const file = (name: string) => path.join(dir(), name);

  function ndjsonLogger() {
    return quietLogger("moves", dir(), { file_json: { enabled: true, path: "app.ndjson", batch_ms: 5 } }).log;
  }
  const indexes = (lines: string[]) => lines.map((line) => JSON.parse(line).extra.i as number);
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

  /** Logs records [from, to) and waits until the writer has put them all in the file. */
  async function logAndWrite(log: ReturnType<typeof ndjsonLogger>, from: number, to: number, written: () => number) {
    for (let i = from; i < to; i++) log.info("record", { extra: { i } });
    await waitUntil(() => written() >= to - from);
  }

  it("D3: a deleted file is recreated, and every record logged after the deletion is in it", async () => {
    const log = ndjsonLogger();
    await logAndWrite(log, 0, 1000, () => readLines(file("app.ndjson")).length);
    fs.unlinkSync(file("app.ndjson"));
    for (let i = 1000; i < 2000; i++) log.info("record", { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ accepted: 2000, delivered: 2000, failed: 0 });
    expect(indexes(readLines(file("app.ndjson")))).to.deep.equal(range(1000, 2000));
  });

  it("D3: deleted while records wait in the batch, those records land in the new file", async () => {
    const log = ndjsonLogger();
    await logAndWrite(log, 0, 500, () => readLines(file("app.ndjson")).length);
    for (let i = 500; i < 1000; i++) log.info("record", { extra: { i } });
    fs.unlinkSync(file("app.ndjson"));
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(indexes(readLines(file("app.ndjson")))).to.deep.equal(range(500, 1000));
  });

  it("D4: logrotate 'create' (rename away): the old and new files hold every record once, in order", async () => {
    const log = ndjsonLogger();
    const rotated = file("app.ndjson.1");
    await logAndWrite(log, 0, 1000, () => readLines(file("app.ndjson")).length);
    for (let i = 1000; i < 1500; i++) log.info("record", { extra: { i } });
    fs.renameSync(file("app.ndjson"), rotated);
    fs.writeFileSync(file("app.ndjson"), ""); // logrotate's `create` makes the empty file itself
    for (let i = 1500; i < 3000; i++) log.info("record", { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ accepted: 3000, delivered: 3000 });
    const before = indexes(readLines(rotated));
    const after = indexes(readLines(file("app.ndjson")));
    expect([...before, ...after]).to.deep.equal(range(0, 3000));
    // The writer follows the path: what it wrote after the move is in the new file, not in `.1`.
    expect(before).to.deep.equal(range(0, 1000));
  });

  it("D5: copytruncate leaves no NUL bytes and keeps every record logged after the truncation", async () => {
    const log = ndjsonLogger();
    await logAndWrite(log, 0, 1000, () => readLines(file("app.ndjson")).length);
    fs.copyFileSync(file("app.ndjson"), file("app.ndjson.1"));
    fs.truncateSync(file("app.ndjson"), 0);
    for (let i = 1000; i < 2000; i++) log.info("record", { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    const bytes = fs.readFileSync(file("app.ndjson"));
    expect(bytes.includes(0), "NUL bytes in the truncated file").to.equal(false);
    expect(indexes(readLines(file("app.ndjson")))).to.deep.equal(range(1000, 2000));
    expect(indexes(readLines(file("app.ndjson.1")))).to.deep.equal(range(0, 1000));
  });

  it("D5: after an outside truncation, size rotation counts from the new, smaller size", async () => {
    const { log } = quietLogger("moves", dir(), {
      file_json: { enabled: true, path: "app.ndjson", batch_ms: 5, max_bytes: 128 * 1024, backup_count: 3 },
    });
    await logAndWrite(log, 0, 1000, () => readLines(file("app.ndjson")).length);
    expect(fs.statSync(file("app.ndjson")).size, "the file is near its limit").to.be.above(96 * 1024);
    fs.truncateSync(file("app.ndjson"), 0);
    for (let i = 1000; i < 1200; i++) log.info("record", { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    // 200 short records fit well inside 128 KB: with a stale size the writer would rotate early.
    expect(fs.existsSync(file("app.ndjson.1")), "rotated although the file was small").to.equal(false);
    expect(indexes(readLines(file("app.ndjson")))).to.deep.equal(range(1000, 1200));
  });
});
