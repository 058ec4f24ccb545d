import { expect } from "chai";
import fc from "fast-check";
import { formatMarkdown, markdownInline } from "../../src/format/markdown.js";
import { isoTime } from "../../src/format/time.js";
import type { LogRecord } from "../../src/core/record.js";
import { renderedInlineText } from "./markdown-render.js";
import { BOOM, hostileRecord, isWellFormed, PROPERTY_RUNS, RAW_CONTROL, rec } from "./fixtures.js";

const HEADING = "### 2026-11-24T09:12:54.123Z · ERROR · myapp\n\n";

/** A message section with nothing else. */
const only = (message: string): string => `${HEADING}${message}\n\n`;

/**
 * Asserts that `text` (a heading's logger or a message line) holds no live markdown or HTML, as
 * a CommonMark renderer sees it: only a paragraph and `<br>` tags, and never four leading spaces.
 */
function assertInertInline(text: string): void {
  renderedInlineText(text);
  expect(text.startsWith(" ")).to.equal(false); // four of them would open a code block
}

/** The summary of a <details> block holds entities only: no tag, link or quote from user data. */
function assertInertSummary(summary: string): void {
  expect(summary).not.to.match(/[<>[\]"'\n]/);
  for (const match of summary.matchAll(/&/g)) expect(summary.slice(match.index)).to.match(/^&(amp|lt|gt|quot|#39|#91|#93);/);
}

/**
 * Walks the output as a CommonMark reader would at block level, asserting the layout: per
 * record a heading, a blank line, one message line, a blank line, then <details> blocks whose
 * fenced code ends exactly where flowlog closed it. Returns the number of sections.
 */
function checkStructure(md: string, time: string): number {
  const lines = md.split("\n");
  expect(lines.pop()).to.equal(""); // ends with a newline
  let sections = 0;
  let i = 0;
  while (i < lines.length) {
    const heading = lines[i++];
    expect(heading.startsWith(`### ${time} · `), JSON.stringify(heading)).to.equal(true);
    sections++;
    const parts = heading.slice(4).split(" · ");
    expect(parts.length, JSON.stringify(heading)).to.equal(3);
    assertInertInline(parts[2]);
    expect(lines[i++]).to.equal("");
    assertInertInline(lines[i++]);
    expect(lines[i++]).to.equal("");
    while (i < lines.length && lines[i].startsWith("<details>")) {
      const open = /^<details><summary>(.*)<\/summary>$/.exec(lines[i++]);
      expect(open).not.to.equal(null);
      assertInertSummary(open![1].replace(/^(extra|exception: )/, ""));
      expect(lines[i++]).to.equal("");
      const fence = /^(`{3,})(json|text)$/.exec(lines[i++]);
      expect(fence).not.to.equal(null);
      // The first line that could close the fence (CommonMark: up to 3 spaces, at least as many backticks).
      while (!/^ {0,3}`+\s*$/.test(lines[i]) || lines[i].trim().length < fence![1].length) i++;
      expect(lines[i++]).to.equal(fence![1]);
      expect(lines[i++]).to.equal("</details>");
      expect(lines[i++]).to.equal("");
    }
  }
  return sections;
}

describe("format/markdown", () => {
  describe("formatMarkdown", () => {
    const cases: [string, LogRecord, string][] = [
      [
        "the product page's example",
        rec({ extra: { timeout_ms: 5000 } }),
        `${HEADING}Database query timed out\n\n` +
          '<details><summary>extra</summary>\n\n```json\n{\n  "timeout_ms": 5000\n}\n```\n</details>\n\n',
      ],
      ["no extra, no exc", rec(), only("Database query timed out")],
      ["markdown from user data is text", rec({ msg: "*bold* _x_ `code` | pipe ~s~ {a} !" }), only("\\*bold\\* \\_x\\_ \\`code\\` | pipe \\~s\\~ {a} !")],
      ["a link is not a link", rec({ msg: "[click](http://evil)" }), only("\\[click](http\\://evil)")],
      ["image syntax", rec({ msg: "![x](http://evil/x.png)" }), only("!\\[x](http\\://evil/x.png)")],
      ["bare URLs and e-mails do not autolink", rec({ msg: "www.evil.example a@b.example" }), only("www\\.evil.example a\\@b.example")],
      ["a heading in the message", rec({ msg: "# h\n### 2025 · ERROR · forged" }), only("\\# h<br>### 2025 · ERROR · forged")],
      ["a quote, a list, a rule", rec({ msg: "> q\n- a\n1. b\n---" }), only("&gt; q<br>- a<br>1. b<br>---")],
      ["HTML is escaped", rec({ msg: "<script>alert(1)</script> & &amp;" }), only("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &amp;amp;")],
      ["the <details> block cannot be closed from the message", rec({ msg: "</details>\n\n### x" }), only("&lt;/details&gt;<br><br>### x")],
      ["a leading space cannot start a code block", rec({ msg: "    code" }), only("&#32;   code")],
      ["control characters shown as escapes", rec({ msg: "a\x1b[2J\r\u202e" }), only("a\\x1b\\[2J\\r\\u202e")],
      ["a backslash is escaped only before punctuation", rec({ msg: "C:\\temp" }), only("C:\\temp")],
      ["GitHub math", rec({ msg: "$x$" }), only("\\$x\\$")],
      ["versions, IPs, paths and snake_case stay greppable", rec({ msg: "v2.3.1 from 91.2.3.4 at /var/log/app_name.log (ok) #7 a-b+c" }), only("v2.3.1 from 91.2.3.4 at /var/log/app_name.log (ok) #7 a-b+c")],
      ["an ordered-list start is escaped only after leading digits", rec({ msg: "2026. 1) x" }), only("2026\\. 1) x")],
      ["a backslash before a line break or a last space", rec({ msg: "a\\\nb\\ " }), only("a\\\\<br>b\\\\&#32;")],
      ["lone surrogates become U+FFFD", rec({ msg: "\ud800" }), only("\ufffd")],
      [
        "the logger in the heading is escaped and stays on one line",
        rec({ logger: "[a](b)\n### x", msg: "m" }),
        "### 2026-11-24T09:12:54.123Z · ERROR · \\[a](b)\\n\\#\\#\\# x\n\nm\n\n",
      ],
      [
        "an exception in a text fence",
        rec({ msg: "m", exc: BOOM }),
        `${HEADING}m\n\n` +
          "<details><summary>exception: TypeError: boom</summary>\n\n```text\n" +
          "TypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)\n" +
          "```\n</details>\n\n",
      ],
      [
        "the summary holds entities only",
        rec({ msg: "m", exc: { type: "<img src=x>", message: `[a](b) "q" 'r'\n&` } }),
        `${HEADING}m\n\n` +
          "<details><summary>exception: &lt;img src=x&gt;: &#91;a&#93;(b) &quot;q&quot; &#39;r&#39;\\n&amp;</summary>\n\n```text\n" +
          "<img src=x>: [a](b) \"q\" 'r'\n| &\n" +
          "```\n</details>\n\n",
      ],
      [
        "a fence longer than any backtick run in the content",
        rec({ msg: "m", extra: { k: "````" } }),
        `${HEADING}m\n\n<details><summary>extra</summary>\n\n\`\`\`\`\`json\n{\n  "k": "\`\`\`\`"\n}\n\`\`\`\`\`\n</details>\n\n`,
      ],
      [
        "C1 and bidi in extra are escaped inside the fence",
        rec({ msg: "m", extra: { k: "\x9b\u202e" } }),
        `${HEADING}m\n\n<details><summary>extra</summary>\n\n\`\`\`json\n{\n  "k": "\\x9b\\u202e"\n}\n\`\`\`\n</details>\n\n`,
      ],
    ];
    for (const [name, record, expected] of cases) {
      it(name, () => {
        expect(formatMarkdown(record)).to.equal(expected);
      });
    }

    it("cuts a long exception title in the summary, keeping the block whole", () => {
      const out = formatMarkdown(rec({ msg: "m", exc: { type: "Error", message: "x".repeat(300) } }));
      expect(out).to.include(`<summary>exception: Error: ${"x".repeat(193)}…&#91;+107 chars&#93;</summary>`);
      expect(out).to.include(`\`\`\`text\nError: ${"x".repeat(300)}\n\`\`\``);
    });
  });

  describe("markdownInline", () => {
    const cases: [string, string][] = [
      ["plain words", "plain words"],
      ["", ""],
      [" ", "&#32;"],
      ["a\nb", "a<br>b"],
      ["1+1=2", "1+1=2"],
      ["+1", "\\+1"],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
        expect(markdownInline(input)).to.equal(expected);
      });
    }
  });

  it("writes one inert section per record, whose fences only flowlog closes, for any hostile records", () => {
    fc.assert(
      fc.property(fc.array(hostileRecord, { minLength: 1, maxLength: 4 }), (records) => {
        for (const record of records) {
          const out = formatMarkdown(record);
          expect(checkStructure(out, isoTime(record.time))).to.equal(1);
          expect(out).not.to.match(RAW_CONTROL);
          expect(isWellFormed(out)).to.equal(true);
        }
        const all = records.map(formatMarkdown).join("");
        expect(all.split("\n").filter((line) => line.startsWith("### ")).length).to.be.at.least(records.length);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
