import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { FileAppender } from "../../src/io/file-appender.js";
import { CSV_HEADER, formatCsv } from "../../src/format/csv.js";
import { cachedEncoderFor } from "../../src/format/index.js";
import { FormatCache } from "../../src/format/format-cache.js";
import { rec } from "../format/fixtures.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

describe("FileAppender", () => {
  const dir = useTempDir();

  it("creates parent directories and appends to an existing file", () => {
    const file = path.join(dir(), "a", "b", "app.log");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "old\n");
    const appender = new FileAppender(file, { maxBytes: 0, backupCount: 5 });
    appender.append(["one\n", "two\n"]);
    appender.close();
    expect(fs.readFileSync(file, "utf8")).to.equal("old\none\ntwo\n");
  });

  it("writes the header only when it creates the file", () => {
    const file = path.join(dir(), "app.csv");
    const first = new FileAppender(file, { maxBytes: 0, backupCount: 5, header: "h\n" });
    first.append(["r1\n"]);
    first.close();
    const second = new FileAppender(file, { maxBytes: 0, backupCount: 5, header: "h\n" });
    second.append(["r2\n"]);
    second.close();
    expect(fs.readFileSync(file, "utf8")).to.equal("h\nr1\nr2\n");
  });

  it("rotates between records, keeps backupCount files, and loses or duplicates nothing", () => {
    const file = path.join(dir(), "app.log");
    const appender = new FileAppender(file, { maxBytes: 100, backupCount: 3 });
    const records = Array.from({ length: 200 }, (_, i) => `record ${String(i).padStart(4, "0")}\n`); // 12 bytes each
    for (let i = 0; i < records.length; i += 7) appender.append(records.slice(i, i + 7));
    appender.close();
    const files = fs.readdirSync(dir()).sort();
    expect(files).to.deep.equal(["app.log", "app.log.1", "app.log.2", "app.log.3"]);
    const kept = [file + ".3", file + ".2", file + ".1", file].flatMap(readLines);
    // The union of retained files is the newest records, each once, in order.
    expect(kept).to.deep.equal(records.slice(200 - kept.length).map((r) => r.trimEnd()));
    for (const name of files) expect(fs.statSync(path.join(dir(), name)).size).to.be.at.most(100);
  });

  it("appendFormatted formats each item once, in order, and rotates between records as append does", () => {
    const file = path.join(dir(), "app.log");
    const appender = new FileAppender(file, { maxBytes: 40, backupCount: 5 });
    const formatted: number[] = [];
    const format = (n: number): string => {
      formatted.push(n);
      return `record ${String(n).padStart(4, "0")}\n`; // 12 bytes: three to a file
    };
    appender.appendFormatted([1, 2, 3, 4, 5, 6, 7], format);
    appender.close();
    expect(formatted).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect([file + ".2", file + ".1", file].map((name) => readLines(name))).to.deep.equal([
      ["record 0001", "record 0002", "record 0003"],
      ["record 0004", "record 0005", "record 0006"],
      ["record 0007"],
    ]);
  });

  it("gives a record larger than maxBytes a file of its own instead of splitting it", () => {
    const file = path.join(dir(), "app.log");
    const appender = new FileAppender(file, { maxBytes: 10, backupCount: 2 });
    appender.append(["small\n", "x".repeat(50) + "\n", "tail\n"]);
    appender.close();
    expect(fs.readFileSync(file + ".2", "utf8")).to.equal("small\n");
    expect(fs.readFileSync(file + ".1", "utf8")).to.equal("x".repeat(50) + "\n");
    expect(fs.readFileSync(file, "utf8")).to.equal("tail\n");
  });

  it("writes batches past its 1 MB encoding buffer byte for byte, multi-byte text and huge records included", () => {
    const file = path.join(dir(), "app.log");
    const appender = new FileAppender(file, { maxBytes: 0, backupCount: 0 });
    const texts = Array.from({ length: 30_000 }, (_, i) => `${i} héllo ✓ 𝄞 ${"é".repeat(i % 40)}\n`);
    texts.splice(12_345, 0, `${"€".repeat(600_000)}\n`); // 1.8 MB of UTF-8: bigger than the buffer
    appender.append(texts);
    appender.append(["last\n"]);
    appender.close();
    expect(fs.readFileSync(file, "utf8")).to.equal(texts.join("") + "last\n");
  });

  it("rotates correctly around a huge record and multi-byte text", () => {
    const file = path.join(dir(), "app.log");
    const appender = new FileAppender(file, { maxBytes: 1000, backupCount: 3 });
    const big = `${"ü".repeat(400_000)}\n`;
    appender.append(["äöü 1\n", big, "äöü 2\n"]);
    appender.close();
    expect(fs.readFileSync(file + ".2", "utf8")).to.equal("äöü 1\n");
    expect(fs.readFileSync(file + ".1", "utf8")).to.equal(big);
    expect(fs.readFileSync(file, "utf8")).to.equal("äöü 2\n");
  });

  it("re-writes the CSV header in each new file after rotation", () => {
    const file = path.join(dir(), "app.csv");
    const appender = new FileAppender(file, { maxBytes: 20, backupCount: 5, header: "h,h\n" });
    appender.append(["aaaaaaa\n", "bbbbbbb\n", "ccccccc\n"]);
    appender.close();
    expect(fs.readFileSync(file + ".1", "utf8")).to.equal("h,h\naaaaaaa\nbbbbbbb\n");
    expect(fs.readFileSync(file, "utf8")).to.equal("h,h\nccccccc\n");
  });

  it("throws the filesystem's error for an unwritable path (the sink counts it)", () => {
    fs.writeFileSync(path.join(dir(), "file"), "");
    const appender = new FileAppender(path.join(dir(), "file", "app.log"), { maxBytes: 0, backupCount: 5 });
    expect(() => appender.append(["x\n"])).to.throw(/ENOTDIR|EEXIST/);
  });
  it("appendEncoded writes encoded CSV rows in order across full write buffers, and a row too large for one from its text", () => {
    const file = path.join(dir(), "app.csv");
    const appender = new FileAppender(file, { maxBytes: 0, backupCount: 5, header: CSV_HEADER });
    // ~120 bytes a row: 20,000 rows fill the 1 MiB write buffer twice; one row is larger than it.
    const records = Array.from({ length: 20_000 }, (_, i) => rec({ extra: { route: "/api/items", q: `say "${i}"`, i } }));
    records.splice(10_000, 0, rec({ extra: { big: "\u00e9\"".repeat(400_000) } }));
    appender.appendEncoded(records, cachedEncoderFor("csv", new FormatCache())!, formatCsv);
    appender.close();
    expect(fs.readFileSync(file, "utf8")).to.equal(CSV_HEADER + records.map(formatCsv).join(""));
  });
});
