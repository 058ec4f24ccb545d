import { expect } from "chai";
import { BLOCK_BREAK, LINE_SPACE, REMOVED, UNSAFE, UNSAFE_BUT_TAB_LF } from "../../src/format/control-chars.js";

/** Every BMP code unit the pattern matches, as ranges "lo-hi" in hex. */
function ranges(pattern: RegExp): string[] {
  const single = new RegExp(pattern.source, pattern.flags.replace("g", ""));
  const out: string[] = [];
  let start = -1;
  for (let code = 0; code <= 0x10000; code++) {
    const hit = code < 0x10000 && single.test(String.fromCharCode(code));
    if (hit && start === -1) start = code;
    if (!hit && start !== -1) {
      out.push(`${start.toString(16)}-${(code - 1).toString(16)}`);
      start = -1;
    }
  }
  return out;
}

describe("format/control-chars", () => {
  const bidi = ["61c-61c", "200e-200f", "202a-202e", "2066-2069"];

  it("UNSAFE (escaped for terminal, text and markdown): C0, DEL, C1, bidi marks, line separators", () => {
    expect(ranges(UNSAFE)).to.deep.equal(["0-1f", "7f-9f", "61c-61c", "200e-200f", "2028-202e", "2066-2069"]);
  });

  it("UNSAFE_BUT_TAB_LF: the same without TAB and LF", () => {
    expect(ranges(UNSAFE_BUT_TAB_LF)).to.deep.equal(["0-8", "b-1f", "7f-9f", "61c-61c", "200e-200f", "2028-202e", "2066-2069"]);
  });

  it("REMOVED (by alert cleaning): controls that are no kind of space or line break, and the bidi marks", () => {
    expect(ranges(REMOVED)).to.deep.equal(["0-8", "e-1f", "7f-84", "86-9f", ...bidi]);
  });

  it("LINE_SPACE and BLOCK_BREAK: the line breaks a line turns into a space and a block into LF", () => {
    expect(ranges(LINE_SPACE)).to.deep.equal(["9-d", "85-85", "2028-2029"]);
    expect("a\r\nb\rc\vd\fe\u0085f\u2028g\u2029h\ni".replace(BLOCK_BREAK, "|")).to.equal("a|b|c|d|e|f|g|h\ni");
  });
});
