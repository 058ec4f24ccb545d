import { expect } from "chai";
import fc from "fast-check";
import { LineSplitter } from "../../src/cli/line-splitter.js";

function splitAll(chunks: Buffer[], max?: number): string[] {
  const splitter = new LineSplitter(max);
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

describe("cli/line-splitter LineSplitter", () => {
  it("splits on LF, drops a CR before it, and returns a last line without a newline at the end", () => {
    expect(splitAll([Buffer.from("a\r\nb\n\nc")])).to.deep.equal(["a", "b", "", "c"]);
    expect(splitAll([Buffer.from("a\n")])).to.deep.equal(["a"]);
    expect(splitAll([])).to.deep.equal([]);
  });

  it("joins a line across chunks, including a UTF-8 sequence cut in two", () => {
    const bytes = Buffer.from("héllo wörld 🎉\nnext\n");
    const chunks = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect(splitAll(chunks)).to.deep.equal(["héllo wörld 🎉", "next"]);
  });

  it("keeps the head of a line longer than the cap and counts the rest", () => {
    expect(splitAll([Buffer.from("abcdefghij\nok\n")], 4)).to.deep.equal(["abcd…[+6 chars]", "ok"]);
    expect(splitAll([Buffer.from("abc"), Buffer.from("defg"), Buffer.from("hij\nok")], 4)).to.deep.equal(["abcd…[+6 chars]", "ok"]);
  });

  it("any split of any text gives the lines of the whole text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let start = 0;
        for (const point of [...points, bytes.length]) {
          chunks.push(bytes.subarray(start, point));
          start = point;
        }
        const expected = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
        if (text.endsWith("\n") || text === "") expected.pop();
        expect(splitAll(chunks)).to.deep.equal(expected);
      }),
      { numRuns: 300 },
    );
  });
});
