import { expect } from "chai";
import fc from "fast-check";
import {
  alertHeadline,
  alertParts,
  cleanBlock,
  cleanLine,
  clipText,
  exceptionHeadline,
  extraLines,
  fitText,
  HEADLINE_MAX,
  levelColor,
  repeatNote,
  truncateText,
} from "../../src/format/alert-text.js";
import { LEVEL_NAMES } from "../../src/core/levels.js";
import { BOOM, hostileRecord, hostileText, isWellFormed, PROPERTY_RUNS, rec, T0 } from "./fixtures.js";

/** Controls that no cleaned alert text may hold (LF and TAB are allowed in blocks). */
const BLOCK_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const LINE_CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const MARKER_AT_END = /…\[\+\d+ chars\]$/;

describe("format/alert-text", () => {
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

  describe("repeatNote", () => {
    const cases: [string, { count: number; since: number } | undefined, string | undefined][] = [
      ["an ordinary record has none", undefined, undefined],
      ["count and seconds", { count: 37, since: T0 - 60_000 }, "×37 in the last 60 s"],
      ["big counts are grouped", { count: 9_999, since: T0 - 9_998 }, "×9,999 in the last 10 s"],
      ["under a second says 1 s", { count: 2, since: T0 - 3 }, "×2 in the last 1 s"],
      ["a since after the time gives the count alone", { count: 5, since: T0 + 1 }, "×5"],
      ["a NaN since gives the count alone", { count: 5, since: Number.NaN }, "×5"],
    ];
    for (const [name, repeated, expected] of cases) {
      it(name, () => {
        expect(repeatNote(rec(repeated === undefined ? {} : { repeated }))).to.equal(expected);
      });
    }
  });

  describe("alertParts", () => {
    it("the product page's example", () => {
      expect(alertParts(rec({ extra: { timeout_ms: 5000 } }))).to.deep.equal({
        level: "ERROR",
        logger: "myapp",
        time: "2026-11-24T09:12:54.123Z",
        headline: "[ERROR] myapp: Database query timed out",
        message: { text: "Database query timed out", omitted: 0 },
        messageInHeadline: true,
        extra: [{ name: { text: "timeout_ms", omitted: 0 }, value: { text: "5000", omitted: 0 } }],
        extraTotal: 1,
      });
    });

    const headlines: [string, Parameters<typeof rec>[0], string, boolean][] = [
      ["a multi-line message: first line joined, body needed", { msg: "a\nb" }, "[ERROR] myapp: a b", false],
      ["an empty message", { msg: "" }, "[ERROR] myapp", true],
      ["an empty logger", { logger: "" }, "[ERROR] Database query timed out", true],
      ["control characters in the logger", { logger: "a\r\nb\x1b" }, "[ERROR] a b: Database query timed out", true],
      ["a message with CR LF injection", { msg: "x\r\nBcc: attacker@evil" }, "[ERROR] myapp: x Bcc: attacker@evil", false],
    ];
    for (const [name, overrides, headline, inHeadline] of headlines) {
      it(`headline: ${name}`, () => {
        const parts = alertParts(rec(overrides));
        expect(parts.headline).to.equal(headline);
        expect(parts.messageInHeadline).to.equal(inHeadline);
        expect(alertHeadline(rec(overrides))).to.equal(headline);
      });
    }

    it("cuts a 10,000-character message in the headline and clips the body", () => {
      const parts = alertParts(rec({ msg: "m".repeat(10_000) }), { message: 4096 });
      expect(parts.headline).to.have.length(HEADLINE_MAX);
      expect(parts.headline).to.equal(`[ERROR] myapp: ${"m".repeat(227)}…[+9773 chars]`);
      expect(parts.messageInHeadline).to.equal(false);
      expect(parts.message).to.deep.equal({ text: "m".repeat(4096), omitted: 10_000 - 4096 });
    });

    it("headline within a smaller max", () => {
      expect(alertHeadline(rec({ msg: "x".repeat(50) }), 40)).to.equal(`[ERROR] myapp: ${"x".repeat(13)}…[+37 chars]`);
    });

    it("extra as key: value lines of compact JSON, one line each", () => {
      const parts = alertParts(rec({ extra: { host: "db1", "multi\nline": { a: [1, "x\ny"] }, big: 10n } }));
      expect(extraLines(parts)).to.equal('host: "db1"\nmulti line: {"a":[1,"x\\ny"]}\nbig: "10n"');
    });

    it("names how many extra keys were not kept", () => {
      const extra = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, i]));
      const parts = alertParts(rec({ extra }), { fields: 2 });
      expect(parts.extraTotal).to.equal(5);
      expect(extraLines(parts)).to.equal("k0: 0\nk1: 1\n… +3 more keys");
    });

    it("an extra that is not an object is one entry", () => {
      const parts = alertParts(rec({ extra: "just text" as unknown as Record<string, unknown> }));
      expect(extraLines(parts)).to.equal('extra: "just text"');
    });

    it("the exception as a headline and its rendered text", () => {
      const parts = alertParts(rec({ exc: BOOM }));
      expect(parts.exception).to.deep.equal({
        headline: "TypeError: boom",
        text: {
          text: "TypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)",
          omitted: 0,
        },
      });
      expect(exceptionHeadline({ type: "Error", message: "" })).to.equal("Error");
      expect(exceptionHeadline({ type: "E", message: "a\r\nb" })).to.equal("E: a b");
    });

    it("a record with unreadable fields still gives parts", () => {
      const hostile = {
        time: T0,
        level: "ERROR",
        levelno: 40,
        logger: { toString: () => { throw new Error("no"); } },
        get msg(): string {
          throw new Error("getter");
        },
        extra: { get bad(): never { throw new Error("x"); } },
      } as unknown as Parameters<typeof alertParts>[0];
      const parts = alertParts(hostile);
      expect(parts.headline).to.equal("[ERROR] [unprintable]");
      expect(extraLines(parts)).to.equal('bad: "[Getter threw: x]"');
    });

    it("never throws and keeps every part clean, for hostile records (property)", () => {
      fc.assert(
        fc.property(hostileRecord, (record) => {
          const parts = alertParts(record);
          expect(parts.headline.length).to.be.at.most(HEADLINE_MAX);
          expect(parts.headline).not.to.match(LINE_CONTROL);
          expect(parts.message.text).not.to.match(BLOCK_CONTROL);
          expect(extraLines(parts)).not.to.match(BLOCK_CONTROL);
          expect(parts.exception?.text.text ?? "").not.to.match(BLOCK_CONTROL);
          for (const text of [parts.headline, parts.message.text, extraLines(parts), parts.exception?.text.text ?? ""]) {
            expect(isWellFormed(text)).to.equal(true);
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });

  it("levelColor: one colour a level, an integer in 0..0xFFFFFF, grey for unknown levels", () => {
    const colours = LEVEL_NAMES.map(levelColor);
    expect(new Set(colours).size).to.equal(LEVEL_NAMES.length);
    for (const colour of colours) expect(Number.isInteger(colour) && colour >= 0 && colour <= 0xffffff).to.equal(true);
    expect(levelColor("ERROR")).to.equal(0xed4245);
    expect(levelColor("LOUD")).to.equal(0x99aab5);
  });
});
