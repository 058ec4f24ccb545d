import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { readInputs, totalSize } from "../../src/cli/inputs.js";
import { EXIT, type CommandIO } from "../../src/cli/usage.js";
import { CaptureStream } from "../helpers/capture-stream.js";
import { useTempDir } from "../helpers/temp-dir.js";

describe("cli/inputs: the files in turn, like cat, or stdin when there is none", () => {
  const dir = useTempDir("flowlog-inputs-");

  const ioWith = (stdin = ""): CommandIO & { stderr: CaptureStream } => ({
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: new CaptureStream(),
    stderr: new CaptureStream(),
    env: {},
    cwd: dir(),
  });
  const write = (name: string, text: string): string => {
    const file = path.join(dir(), name);
    fs.writeFileSync(file, text);
    return file;
  };

  it("reads every file in the order given, counting the bytes read", async () => {
    const a = write("a.log", "a1\na2\n");
    const b = write("b.log", "b1\nb2");
    const io = ioWith();
    const lines: string[] = [];
    let bytes = 0;
    const status = await readInputs([a, b], io, (batch) => (lines.push(...batch), true), { command: "pretty", onBytes: (n) => (bytes += n) });
    expect(status).to.equal(EXIT.OK);
    expect(lines).to.deep.equal(["a1", "a2", "b1", "b2"]);
    expect(bytes).to.equal(11);
    expect(io.stderr.text).to.equal("");
  });

  it("reads stdin when no file is given", async () => {
    const lines: string[] = [];
    expect(await readInputs([], ioWith("s1\ns2\n"), (batch) => (lines.push(...batch), true), { command: "stats" })).to.equal(EXIT.OK);
    expect(lines).to.deep.equal(["s1", "s2"]);
  });

  it("a file that cannot be read is said on stderr and skipped; the others are read; the exit code says so", async () => {
    const good = write("good.log", "kept\n");
    const io = ioWith();
    const lines: string[] = [];
    const status = await readInputs([path.join(dir(), "missing.log"), good], io, (batch) => (lines.push(...batch), true), { command: "pretty" });
    expect(status).to.equal(EXIT.PROBLEMS);
    expect(lines).to.deep.equal(["kept"]);
    expect(io.stderr.text).to.equal(`flowlog pretty: ${path.join(dir(), "missing.log")}: cannot read (ENOENT)\n`);
  });

  it("stops reading when the handler says the reader went away", async () => {
    const a = write("a.log", "a1\n");
    const b = write("b.log", "b1\n");
    const seen: string[] = [];
    const status = await readInputs([a, b], ioWith(), (batch) => (seen.push(...batch), false), { command: "pretty" });
    expect(status).to.equal(EXIT.OK);
    expect(seen).to.deep.equal(["a1"]);
  });

  it("totalSize adds up the files that exist", async () => {
    const a = write("a.log", "12345");
    const b = write("b.log", "678");
    expect(await totalSize([a, b, path.join(dir(), "missing.log")])).to.equal(8);
    expect(await totalSize([])).to.equal(0);
  });
});
