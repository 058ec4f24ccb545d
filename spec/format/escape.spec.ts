import { expect } from "chai";
import fc from "fast-check";
import { escapeControl, escapeControlLines, escapeHtml, needsEscape, toWellFormed } from "../../src/format/escape.js";
import { hostileText, isWellFormed, PROPERTY_RUNS, RAW_CONTROL } from "./fixtures.js";

describe("format/escape", () => {
  describe("escapeControl", () => {
    const cases: [string, string, string][] = [
      ["plain text", "Database query timed out", "Database query timed out"],
      ["empty", "", ""],
      ["clear screen", "a\x1b[2Jb", "a\\x1b[2Jb"],
      ["window title (OSC + BEL)", "\x1b]0;title\x07", "\\x1b]0;title\\x07"],
      ["cursor up", "\x1b[1A", "\\x1b[1A"],
      ["C1 CSI", "\x9b31m", "\\x9b31m"],
      ["C1 NEL", "a\x85b", "a\\x85b"],
      ["NUL, DEL", "\x00\x7f", "\\x00\\x7f"],
      ["short escapes", "\b\t\n\v\f\r", "\\b\\t\\n\\v\\f\\r"],
      ["forged line", "ok\n2025-01-01T00:00:00Z ERROR forged", "ok\\n2025-01-01T00:00:00Z ERROR forged"],
      ["bidi override (Trojan Source)", "admin\u202e\u2066x\u2069", "admin\\u202e\\u2066x\\u2069"],
      ["bidi marks", "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u2067\u2068", "\\u200e\\u200f\\u61c\\u202a\\u202b\\u202c\\u202d\\u2067\\u2068"],
      ["line and paragraph separators", "a\u2028b\u2029c", "a\\u2028b\\u2029c"],
      ["lone high surrogate", "a\ud800b", "a\ufffdb"],
      ["lone low surrogate", "a\udfffb", "a\ufffdb"],
      ["reversed pair", "\ude00\ud83d", "\ufffd\ufffd"],
      ["high surrogate at the end", "x\ud83d", "x\ufffd"],
      ["a valid pair is kept", "😀 ok", "😀 ok"],
      ["pair next to a control", "😀\x1b", "😀\\x1b"],
      ["NBSP and other text is kept", "\u00a0é漢\u200b", "\u00a0é漢\u200b"],
      ["backslashes are not doubled", "C:\\temp\\x1b", "C:\\temp\\x1b"],
    ];
    for (const [name, input, expected] of cases) {
      it(`${name}`, () => {
        expect(escapeControl(input)).to.equal(expected);
      });
    }

    it("returns a clean string itself", () => {
      const clean = "nothing to see here: 😀 é";
      expect(needsEscape(clean)).to.equal(false);
      expect(escapeControl(clean)).to.equal(clean);
    });

    it("leaves nothing raw and nothing ill-formed, for any input", () => {
      fc.assert(
        fc.property(hostileText, (text) => {
          const out = escapeControl(text);
          expect(out).not.to.match(RAW_CONTROL);
          expect(out).not.to.include("\n");
          expect(isWellFormed(out)).to.equal(true);
          expect(escapeControl(out)).to.equal(out); // idempotent once escaped
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });

  describe("escapeControlLines", () => {
    const cases: [string, string, string, string][] = [
      ["continuation marker", "a\nb\nc", "\n    | ", "a\n    | b\n    | c"],
      ["CR stays escaped", "a\r\nb", "\n    | ", "a\\r\n    | b"],
      ["LF kept for a later pass", "a\n\x1b", "\n", "a\n\\x1b"],
      ["no LF", "plain", "<br>", "plain"],
    ];
    for (const [name, input, lineBreak, expected] of cases) {
      it(name, () => {
        expect(escapeControlLines(input, lineBreak)).to.equal(expected);
      });
    }
  });

  describe("toWellFormed", () => {
    const cases: [string, string, string][] = [
      ["clean", "abc 😀", "abc 😀"],
      ["lone surrogates", "\ud800a\udfff", "\ufffda\ufffd"],
      ["controls are kept", "\x1b\n", "\x1b\n"],
    ];
    for (const [name, input, expected] of cases) {
      it(name, () => {
        expect(toWellFormed(input)).to.equal(expected);
      });
    }
  });

  describe("escapeHtml", () => {
    const cases: [string, string, string][] = [
      ["clean", "TypeError: boom", "TypeError: boom"],
      ["all five", `<a href="x">'&'</a>`, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"],
      ["entity text is escaped again", "&amp;", "&amp;amp;"],
    ];
    for (const [name, input, expected] of cases) {
      it(name, () => {
        expect(escapeHtml(input)).to.equal(expected);
      });
    }
  });
});
