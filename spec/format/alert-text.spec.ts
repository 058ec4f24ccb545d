import { expect } from "chai";
import fc from "fast-check";
import { alertHeadline, alertParts, exceptionHeadline, extraLines, HEADLINE_MAX, repeatNote } from "../../src/format/alert-text.js";
import { levelColor } from "../../src/format/level-color.js";
import { LEVEL_NAMES } from "../../src/core/levels.js";
import { BOOM, hostileRecord, isWellFormed, PROPERTY_RUNS, rec, T0 } from "./fixtures.js";

/** Controls that no cleaned alert text may hold (LF and TAB are allowed in blocks). */
const BLOCK_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const LINE_CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

describe("format/alert-text", () => {
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
