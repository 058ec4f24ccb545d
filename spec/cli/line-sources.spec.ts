import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { fileLines, followLines, streamLines } from "../../src/cli/line-sources.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";

async function all(batches: AsyncIterable<string[]>): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of batches) lines.push(...batch);
  return lines;
}

describe("cli/line-sources: where pretty and stats get their lines", () => {
  const dir = useTempDir("flowlog-lines-");
  const file = (name = "app.ndjson") => path.join(dir(), name);

  it("fileLines: every line once, the last one without a newline too, and a missing file throws before any batch", async () => {
    fs.writeFileSync(file(), "one\r\ntwo\n\nthree");
    const reads: number[] = [];
    expect(await all(fileLines(file(), { onBytes: (n) => reads.push(n) }))).to.deep.equal(["one", "two", "", "three"]);
    expect(reads.reduce((a, b) => a + b, 0)).to.equal(fs.statSync(file()).size);
    let thrown: unknown;
    try {
      await all(fileLines(file("missing")));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.have.property("code", "ENOENT");
  });

  it("fileLines: a file larger than one read (256 kB) keeps lines and multi-byte characters whole across reads", async () => {
    const line = `${"é".repeat(1000)}€`;
    fs.writeFileSync(file(), `${line}\n`.repeat(300));
    const lines = await all(fileLines(file()));
    expect(lines).to.have.length(300);
    expect(lines.every((each) => each === line)).to.equal(true);
  });

  it("streamLines: the lines of a stream (stdin) until it ends, split anywhere", async () => {
    const chunks = ["al", "pha\nbe", "ta\n", "gam", "ma"].map((text) => Buffer.from(text));
    expect(await all(streamLines(Readable.from(chunks)))).to.deep.equal(["alpha", "beta", "gamma"]);
  });

  describe("followLines (tail -F)", () => {
    let abort: AbortController;
    let lines: string[];
    let notices: string[];
    let following: Promise<void>;
    const follow = (): void => {
      abort = new AbortController();
      lines = [];
      notices = [];
      following = (async () => {
        for await (const batch of followLines(file(), { signal: abort.signal, notice: (text) => notices.push(text), pollMs: 5 })) lines.push(...batch);
      })();
    };
    afterEach(async () => {
      abort.abort();
      await following;
    });

    it("reads what is there, then what is appended, and ends when aborted", async () => {
      fs.writeFileSync(file(), "first\n");
      follow();
      await waitUntil(() => lines.length === 1);
      fs.appendFileSync(file(), "second\nthird\n");
      await waitUntil(() => lines.length === 3);
      abort.abort();
      await following;
      expect(lines).to.deep.equal(["first", "second", "third"]);
      expect(notices).to.deep.equal([]);
    });

    it("waits for a missing file, saying so once, and reads it when it appears", async () => {
      follow();
      await waitUntil(() => notices.length === 1);
      fs.writeFileSync(file(), "appeared\n");
      await waitUntil(() => lines.length === 1);
      expect(lines).to.deep.equal(["appeared"]);
      expect(notices).to.deep.equal([`${file()}: not found; waiting for it to appear`]);
    });

    it("rotated (renamed away and recreated): the old file is read to its end, then the new one from its start", async () => {
      fs.writeFileSync(file(), "old 1\n");
      follow();
      await waitUntil(() => lines.length === 1);
      fs.appendFileSync(file(), "old 2\n");
      fs.renameSync(file(), file("app.ndjson.1"));
      fs.writeFileSync(file(), "new 1\n");
      await waitUntil(() => lines.length === 3);
      expect(lines).to.deep.equal(["old 1", "old 2", "new 1"]);
      expect(notices).to.deep.equal([`${file()}: replaced (rotated); following the new file`]);
    });

    it("truncated (copytruncate): read again from its start", async () => {
      fs.writeFileSync(file(), "a long first line before the truncation\n");
      follow();
      await waitUntil(() => lines.length === 1);
      fs.truncateSync(file(), 0);
      await waitUntil(() => notices.length === 1);
      fs.appendFileSync(file(), "after\n");
      await waitUntil(() => lines.length === 2);
      expect(lines[1]).to.equal("after");
      expect(notices).to.deep.equal([`${file()}: truncated; reading from its start`]);
    });
  });
});
