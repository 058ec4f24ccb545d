// Issue 10, point 11: the Markdown file escapes only what would change the rendering at that
// position (a `.` only after digits at the start, `#` only at the start, ...), so `91.2.3.4` and
// `v2.3.1` stay greppable, with the same safety: no heading, list, link, HTML or code from
// message text. Checked by rendering with a real CommonMark renderer (markdown-it): the text a
// reader sees is the message, and the only tags are the paragraph and flowlog's `<br>`.
import { expect } from "chai";
import fc from "fast-check";
import { escapeControlLines } from "../../src/format/escape.js";
import { formatMarkdown, markdownInline } from "../../src/format/markdown.js";
import { hostileText, PROPERTY_RUNS, rec } from "../format/fixtures.js";
import { renderedInlineText } from "../format/markdown-render.js";

/** Markdown's and HTML's metacharacters, digits, letters of autolinks, spaces and line breaks. */
const MARKDOWN_HEAVY = fc.string({
  unit: fc.constantFrom(..."#*_`~[]()!<>&\\.+-=|:@$ \n\t0123456789abwx/;^{}\"'".split("")),
  maxLength: 40,
});

/** What the message paragraph of formatMarkdown is for this message. */
function messageLine(msg: string): string {
  return formatMarkdown(rec({ msg })).split("\n")[2];
}

describe("faults: Markdown escapes only what would change the rendering (issue 10.11)", () => {
  it("rendered by markdown-it, every message reads as itself, with no tag but the paragraph and <br> (fast-check)", () => {
    fc.assert(
      fc.property(fc.oneof(MARKDOWN_HEAVY, hostileText), (msg) => {
        const shown = escapeControlLines(msg, "\n");
        const line = messageLine(msg);
        if (shown === "") {
          expect(line).to.equal("");
          return;
        }
        expect(renderedInlineText(line)).to.equal(shown);
        // Never four leading spaces or a tab: those would open a code block.
        expect(line).not.to.match(/^(?: {4}|\t)/);
      }),
      { numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it("the logger in the heading reads as itself too, a trailing # included (fast-check)", () => {
    fc.assert(
      fc.property(MARKDOWN_HEAVY, (logger) => {
        const heading = formatMarkdown(rec({ logger, msg: "m" })).split("\n")[0];
        const shown = escapeControlLines(logger, "\n").replaceAll("\n", "\\n");
        // An empty logger leaves the heading's own trailing space, which a heading drops.
        const expected = shown === "" ? "2026-11-24T09:12:54.123Z · ERROR ·" : `2026-11-24T09:12:54.123Z · ERROR · ${shown}`;
        expect(renderedInlineText(heading)).to.equal(expected);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("versions, IPs, paths and ordinary punctuation are written as they are (greppable)", () => {
    for (const msg of ["91.2.3.4", "v2.3.1", "/var/log/app_name.log", "a-b + c = d (ok)! #7", "x | y {z}", "ratio 3.14", "foo_bar_baz"]) {
      expect(messageLine(msg), msg).to.equal(msg);
    }
  });

  it("what would render escapes at that position only", () => {
    expect(messageLine("1. first")).to.equal("1\\. first");
    expect(messageLine("# title")).to.equal("\\# title");
    expect(messageLine("- item")).to.equal("\\- item");
    expect(messageLine("see [x](http://e)")).to.equal("see \\[x](http\\://e)");
    expect(messageLine("go to www.example.com")).to.equal("go to www\\.example.com");
  });
});
