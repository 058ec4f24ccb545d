import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { FileSink, FlowlogSinkError } from "../../src/index.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

describe("FileSink", () => {
  const dir = useTempDir();
  const file = (name: string) => path.join(dir(), name);

  it("writes the four formats from config, creating parent directories", async () => {
    const { log } = quietLogger("myapp", dir(), {
      file_text: { enabled: true, path: "logs/app.log" },
      file_json: { enabled: true, path: "logs/app.ndjson" },
      file_csv: { enabled: true, path: "logs/app.csv" },
      file_markdown: { enabled: true, path: "logs/app.md" },
    });
    log.error("Database query timed out", { extra: { timeout_ms: 5000 } });
    log.info("Server started on port 8080");
    const report = await log.complete();
    expectReportAddsUp(report);
    for (const name of ["file_text", "file_json", "file_csv", "file_markdown"]) {
      expect(report.sinks[name], name).to.include({ accepted: 2, delivered: 2 });
    }
    const text = readLines(file("logs/app.log"));
    expect(text).to.have.length(2);
    expect(text[0]).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ERROR +myapp: Database query timed out/);
    const json = readLines(file("logs/app.ndjson")).map((line) => JSON.parse(line));
    expect(json[0]).to.deep.include({ level: "ERROR", levelno: 40, logger: "myapp", msg: "Database query timed out", extra: { timeout_ms: 5000 } });
    expect(Object.keys(json[0])).to.deep.equal(["time", "level", "levelno", "logger", "msg", "extra"]);
    const csv = fs.readFileSync(file("logs/app.csv"), "utf8").split("\r\n").filter(Boolean);
    expect(csv[0]).to.equal("time,level,levelno,logger,msg,extra,exc");
    expect(csv).to.have.length(3);
    const markdown = fs.readFileSync(file("logs/app.md"), "utf8");
    expect(markdown.match(/^### /gm)).to.have.length(2);
    expect(markdown).to.include("<details>");
  });

  it("three file sinks serialise a record's extra once between them", async () => {
    const { log } = quietLogger("myapp", dir(), {
      file_text: { enabled: true, path: "app.log" },
      file_json: { enabled: true, path: "app.ndjson" },
      file_csv: { enabled: true, path: "app.csv" },
    });
    let reads = 0;
    log.info("counted", { extra: { get n() { return ++reads; } } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(reads).to.equal(1);
    expect(readLines(file("app.log"))[0]).to.include(`{"n":1}`);
  });

  it("writes the CSV header only when it creates the file", async () => {
    for (const run of [1, 2]) {
      const { log } = quietLogger("csv", dir(), { file_csv: { enabled: true, path: "app.csv" } });
      log.info(`run ${run}`);
      await log.complete();
    }
    const rows = fs.readFileSync(file("app.csv"), "utf8").split("\r\n").filter(Boolean);
    expect(rows.filter((row) => row.startsWith("time,level"))).to.have.length(1);
    expect(rows).to.have.length(3);
  });

  it("neutralises formula cells in CSV", async () => {
    const { log } = quietLogger("csv", dir(), { file_csv: { enabled: true, path: "app.csv" } });
    log.info("=HYPERLINK(\"http://evil\")");
    await log.complete();
    const row = fs.readFileSync(file("app.csv"), "utf8").split("\r\n")[1];
    expect(row).to.include(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("a newline in a message cannot forge a record line in the text file", async () => {
    const { log } = quietLogger("t", dir(), { file_text: { enabled: true, path: "app.log" } });
    log.info("ok\n2025-01-01T00:00:00.000Z ERROR    forged: pay now");
    log.info("next");
    await log.complete();
    const atColumnZero = readLines(file("app.log")).filter((line) => /^\d{4}-/.test(line));
    expect(atColumnZero).to.have.length(2);
    expect(atColumnZero.some((line) => line.includes("forged: pay now") && line.startsWith("2025"))).to.equal(false);
  });

  it("rotates by max_bytes, keeps at most backup_count files, and loses or duplicates no record", async () => {
    const { log } = quietLogger("rot", dir(), {
      file_json: { enabled: true, path: "app.ndjson", max_bytes: 4096, backup_count: 3 },
    });
    for (let i = 0; i < 2000; i++) log.info("rotating", { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ accepted: 2000, delivered: 2000 });
    const names = fs.readdirSync(dir()).sort();
    expect(names).to.deep.equal(["app.ndjson", "app.ndjson.1", "app.ndjson.2", "app.ndjson.3"]);
    const kept = ["app.ndjson.3", "app.ndjson.2", "app.ndjson.1", "app.ndjson"]
      .flatMap((name) => readLines(file(name)))
      .map((line) => JSON.parse(line).extra.i as number);
    const expected = Array.from({ length: kept.length }, (_, k) => 2000 - kept.length + k);
    expect(kept).to.deep.equal(expected);
    for (const name of names) expect(fs.statSync(file(name)).size).to.be.at.most(4096);
  });

  it("rejects a bad format or size with a clear error", () => {
    expect(() => new FileSink(file("x"), { format: "xml" as never })).to.throw(FlowlogSinkError, /format must be one of text, json, csv, markdown/);
    expect(() => new FileSink(file("x"), { maxBytes: -1 })).to.throw(FlowlogSinkError, /maxBytes must be a non-negative integer/);
  });
});
