import { expect } from "chai";
import { Writable } from "node:stream";
import sinon from "sinon";
import { BufferedOutput } from "../../src/cli/output.js";
import { waitUntil } from "../helpers/wait-until.js";

/** A real Writable that keeps what it is handed, answering on a later turn (a pipe to a slow reader). */
function slowReader(highWaterMark: number): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      setImmediate(callback);
    },
  });
  return Object.assign(stream, { text: () => chunks.join("") });
}

describe("cli/output BufferedOutput: stdout for a command that may write gigabytes", () => {
  it("gathers small writes into few large ones, and end() hands over every character", async () => {
    const stream = slowReader(16 * 1024);
    const writes = sinon.spy(stream, "write");
    const out = new BufferedOutput(stream);
    const line = `${"x".repeat(99)}\n`;
    for (let i = 0; i < 2000; i++) {
      out.write(line);
      await out.flushIfFull();
    }
    await out.end();
    expect(stream.text()).to.equal(line.repeat(2000));
    const nonEmpty = writes.args.map(([chunk]) => String(chunk).length).filter((size) => size > 0);
    expect(nonEmpty.length, `write sizes ${nonEmpty.join(",")}`).to.be.at.most(4);
    expect(nonEmpty.slice(0, -1).every((size) => size >= 64 * 1024)).to.equal(true);
  });

  it("waits for 'drain' when the reader is full, so memory holds one buffer, not the whole output", async () => {
    const stream = slowReader(1024);
    const out = new BufferedOutput(stream);
    out.write("y".repeat(70 * 1024));
    const flushing = out.flushIfFull();
    let flushed = false;
    void flushing.then(() => (flushed = true));
    // write() answered false: the flush is waiting for the reader, which has not taken the text yet.
    expect(stream.writableNeedDrain).to.equal(true);
    await Promise.resolve();
    expect(flushed).to.equal(false);
    await flushing;
    expect(stream.writableNeedDrain).to.equal(false);
  });

  it("when the reader goes away (EPIPE) it turns closed, drops further text and end() still resolves", async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })) });
    const out = new BufferedOutput(stream);
    expect(out.closed).to.equal(false);
    out.write("first\n");
    await out.flush();
    await waitUntil(() => out.closed);
    out.write("after the reader left\n");
    await out.end();
  });
});
