import { expect } from "chai";
import fc from "fast-check";
import { cleanBlock, cleanLine } from "../../src/format/clean-text.js";
import { hostileText, isWellFormed, PROPERTY_RUNS } from "./fixtures.js";

/** Controls that no cleaned alert text may hold (LF and TAB are allowed in blocks). */
const BLOCK_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const LINE_CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

describe("format/clean-text", () => {
  describe("cleanLine and cleanBlock", () => {
    const cases: [string, string, string, string][] = [
      ["plain text is kept", "Database down", "Database down", "Database down"],
      ["CR LF and LF", "a\r\nb\nc", "a b c", "a\nb\nc"],
      ["a lone CR, VT, FF, NEL, LS, PS", "a\rb\vc\fd\x85e\u2028f\u2029g", "a b c d e f g", "a\nb\nc\nd\ne\nf\ng"],
      ["runs of breaks and tabs are one space in a line", "a\r\n\r\n\tb", "a b", "a\n\n\tb"],
      ["ESC sequences, BEL, C1 and DEL are removed", "\x1b[2Ja\x07\x9bb\x7f\x00", "[2Jab", "[2Jab"],
      ["bidi overrides are removed", "abc\u202edef\u2066\u061c", "abcdef", "abcdef"],
      ["lone surrogates become U+FFFD, pairs stay", "\ud800x\ud83d\ude00\udfff", "\ufffdx\ud83d\ude00\ufffd", "\ufffdx\ud83d\ude00\ufffd"],
      ["header injection stays on one line", "x\r\nBcc: attacker@evil", "x Bcc: attacker@evil", "x\nBcc: attacker@evil"],
    ];
    for (const [name, input, line, block] of cases) {
      it(name, () => {
        expect(cleanLine(input)).to.equal(line);
        expect(cleanBlock(input)).to.equal(block);
      });
    }

    it("leaves no control character, for any input (property)", () => {
      fc.assert(
        fc.property(hostileText, (text) => {
          const line = cleanLine(text);
          const block = cleanBlock(text);
          expect(line).not.to.match(LINE_CONTROL);
          expect(block).not.to.match(BLOCK_CONTROL);
          expect(isWellFormed(line) && isWellFormed(block)).to.equal(true);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });
});
