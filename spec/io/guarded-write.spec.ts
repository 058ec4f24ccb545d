import { expect } from "chai";
import { Writable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { brokenBy, guardedWrite } from "../../src/io/guarded-write.js";

/** A real Writable that keeps what it is given, or fails every write with `failWith`; it answers on a later turn, as a pipe does. */
function sinkStream(options: { failWith?: Error; highWaterMark?: number } = {}): Writable & { written: string[] } {
  const written: string[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      setImmediate(() => {
        if (options.failWith !== undefined) callback(options.failWith);
        else {
          written.push(chunk.toString());
          callback();
        }
      });
    },
  });
  return Object.assign(stream, { written });
}

const writeAndWait = (stream: NodeJS.WritableStream, text: string): Promise<Error | undefined> =>
  new Promise((resolve) => guardedWrite(stream, text, resolve));

describe("io/guarded-write: writing to a stream flowlog does not own, without taking the host down", () => {
  it("a healthy stream gets the text, the callback no error, and is not broken", async () => {
    const stream = sinkStream();
    expect(await writeAndWait(stream, "hello\n")).to.equal(undefined);
    expect(stream.written).to.deep.equal(["hello\n"]);
    expect(brokenBy(stream)).to.equal(undefined);
  });

  it("a failed write reaches the callback, its 'error' event crashes nothing, and the stream stays broken", async () => {
    const epipe = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
    const stream = sinkStream({ failWith: epipe });
    expect(await writeAndWait(stream, "lost\n")).to.equal(epipe);
    // The 'error' event comes on a later tick; with no guard it would be an uncaught exception here.
    await nextTurn();
    await nextTurn();
    expect(brokenBy(stream)).to.equal(epipe);
  });

  it("the guard's 'error' listener is gone once the writes settle: the host's own listeners behave as before", async () => {
    const stream = sinkStream();
    const before = stream.listenerCount("error");
    const writing = writeAndWait(stream, "a");
    expect(stream.listenerCount("error")).to.equal(before + 1);
    await writing;
    await nextTurn();
    await nextTurn();
    expect(stream.listenerCount("error")).to.equal(before);
  });

  it("a stream that throws from write() (EBADF) calls back with the error and answers false, never throws", () => {
    const ebadf = Object.assign(new Error("EBADF: bad file descriptor"), { code: "EBADF" });
    const throwing = sinkStream();
    throwing.write = () => {
      throw ebadf;
    };
    const seen: (Error | undefined)[] = [];
    expect(guardedWrite(throwing, "x", (error) => seen.push(error))).to.equal(false);
    expect(seen).to.deep.equal([ebadf]);
    expect(brokenBy(throwing)).to.equal(ebadf);
  });

  it("a destroyed stream counts as broken before any write", () => {
    const stream = sinkStream();
    stream.destroy();
    expect(brokenBy(stream)).to.have.property("code", "ERR_STREAM_DESTROYED");
  });

  it("passes on write()'s backpressure answer: false once the stream is full", async () => {
    const stream = sinkStream({ highWaterMark: 4 });
    const answers = [guardedWrite(stream, "ab", () => {})];
    const last = new Promise<void>((resolve) => answers.push(guardedWrite(stream, "cdefgh", () => resolve())));
    expect(answers).to.deep.equal([true, false]);
    await last;
    expect(stream.written).to.deep.equal(["ab", "cdefgh"]);
  });
});
