import { expect } from "chai";
import fc from "fast-check";
import { cleanBlock } from "../../src/format/clean-text.js";
import { clipText, fitText, truncateText } from "../../src/format/fit-text.js";
import { hostileText, isWellFormed, PROPERTY_RUNS } from "./fixtures.js";

const MARKER_AT_END = /…\[\+\d+ chars\]$/;

describe("format/fit-text", () => {
  describe("truncateText", () => {
    const cases: [string, string, number, string][] = [
      ["text that fits is returned as is", "abc", 3, "abc"],
      ["the marker is inside the max", "abcdefghij".repeat(10), 20, "abcdefgh…[+92 chars]"],
      ["a surrogate pair is never split", "😀".repeat(20), 20, "😀😀😀😀…[+32 chars]"],
      ["a pair at the cut goes whole", `${"a".repeat(7)}😀${"b".repeat(20)}`, 20, `${"a".repeat(7)}…[+22 chars]`],
      ["without room for the marker the text is cut hard", "abcdef", 3, "abc"],
      ["max 0 gives nothing", "abc", 0, ""],
    ];
    for (const [name, text, max, expected] of cases) {
      it(name, () => {
        const out = truncateText(text, max);
        expect(out.length).to.be.at.most(Math.max(0, max));
        expect(out).to.equal(expected);
      });
    }

    it("counts exactly when the number of omitted units changes width", () => {
      // 108 units, max 20: keeping 8 leaves 100 out, whose marker "…[+100 chars]" is 13: 8 + 13 > 20.
      // Keeping 7 leaves 101: 7 + 13 = 20.
      expect(truncateText("a".repeat(108), 20)).to.equal(`${"a".repeat(7)}…[+101 chars]`);
    });

    it("keeps every limit for any text and max (property)", () => {
      fc.assert(
        fc.property(hostileText, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 60 }), (piece, times, max) => {
          const text = cleanBlock(piece.repeat(times));
          const out = truncateText(text, max);
          expect(out.length).to.be.at.most(max);
          expect(isWellFormed(out)).to.equal(true);
          if (text.length <= max) expect(out).to.equal(text);
          else if (max >= 16) {
            expect(out).to.match(MARKER_AT_END);
            const kept = out.replace(MARKER_AT_END, "");
            expect(text.startsWith(kept)).to.equal(true);
            expect(out).to.equal(`${kept}…[+${text.length - kept.length} chars]`);
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });

  describe("fitText", () => {
    const entities = (text: string): string => text.replace(/[&<]/g, (c) => (c === "&" ? "&amp;" : "&lt;"));

    it("applies the encoding to whole characters, so an escape is never cut", () => {
      expect(fitText({ text: "&&&&&&&&&&&&&&&&&&&&", omitted: 0 }, 30, entities)).to.equal("&amp;&amp;&amp;…[+17 chars]");
    });

    it("counts what was clipped before in the marker", () => {
      const clipped = clipText("x".repeat(100), 10, cleanBlock);
      expect(clipped).to.deep.equal({ text: "x".repeat(10), omitted: 90 });
      expect(fitText(clipped, 100)).to.equal(`${"x".repeat(10)}…[+90 chars]`);
      expect(fitText(clipped, 15)).to.equal(`${"x".repeat(3)}…[+97 chars]`);
    });

    it("uses nearly all of a large max: at most one escape and one digit short (property)", () => {
      const unit = fc.constantFrom("a", "&", "<", "😀", "é");
      fc.assert(
        fc.property(fc.string({ unit, minLength: 100, maxLength: 6000 }), fc.integer({ min: 70, max: 5000 }), fc.boolean(), (text, max, escaped) => {
          const encode = escaped ? entities : (t: string): string => t;
          const out = fitText({ text, omitted: 0 }, max, encode);
          const whole = encode(text);
          if (whole.length <= max) expect(out).to.equal(whole);
          else {
            expect(out.length).to.be.within(max - (escaped ? 5 : 2), max);
            expect(out).to.match(MARKER_AT_END);
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("never cuts an entity and stays within max (property)", () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom("&", "<", "a", "😀"), maxLength: 300 }), fc.integer({ min: 0, max: 200 }), (text, max) => {
          const out = fitText({ text, omitted: 0 }, max, entities);
          expect(out.length).to.be.at.most(max);
          const body = out.replace(MARKER_AT_END, "");
          expect(body.replace(/&amp;|&lt;/g, "")).not.to.match(/[&<;]/);
          expect(isWellFormed(out)).to.equal(true);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });
});
