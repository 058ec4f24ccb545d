import { expect } from "chai";
import fc from "fast-check";
import { formatTerminal } from "../../src/format/terminal.js";
import { LEVEL_NAMES } from "../../src/core/levels.js";
import type { LogRecord } from "../../src/core/record.js";
import { BOOM, hostileRecord, isWellFormed, PROPERTY_RUNS, RAW_CONTROL, rec } from "./fixtures.js";

const PLAIN = { colors: false };
const COLOR = { colors: true };

/** Every SGR sequence flowlog itself writes (picocolors' open and close codes it uses). */
const OWN_SGR = /\x1b\[(?:1|2|22|31|32|33|34|35|36|37|39|41|49|90)m/g;

const sgr = (code: number): string => `\x1b[${code}m`;
const gray = (text: string): string => `${sgr(90)}${text}${sgr(39)}`;
const bold = (text: string): string => `${sgr(1)}${text}${sgr(22)}`;

describe("format/terminal formatTerminal", () => {
  describe("without colours", () => {
    const cases: [string, LogRecord, string][] = [
      [
        "the product page's example",
        rec({ extra: { timeout_ms: 5000 } }),
        "09:12:54.123 ERROR    myapp  Database query timed out  timeout_ms=5000\n",
      ],
      ["no extra", rec({ level: "INFO", msg: "Server started" }), "09:12:54.123 INFO     myapp  Server started\n"],
      [
        "extra values: plain words bare, anything else compact JSON",
        rec({
          msg: "m",
          extra: { user: "Ana Lima", id: "u-42", n: 1.5, ok: true, none: null, list: [1, "a"], obj: { a: { b: 2 } }, empty: "", eq: "a=b", "two words": 1 },
        }),
        '09:12:54.123 ERROR    myapp  m  user="Ana Lima" id=u-42 n=1.5 ok=true none=null list=[1,"a"] obj={"a":{"b":2}} empty="" eq="a=b" "two words"=1\n',
      ],
      [
        "awkward extra values, through the safe serialiser",
        rec({ msg: "m", extra: { big: 10n, fn: function named() {}, undef: undefined } }),
        '09:12:54.123 ERROR    myapp  m  big=10n fn="[Function named]"\n',
      ],
      [
        "a newline in the message is a continuation line",
        rec({ msg: "ok\n2025-01-01T00:00:00Z ERROR forged" }),
        "09:12:54.123 ERROR    myapp  ok\n    | 2025-01-01T00:00:00Z ERROR forged\n",
      ],
      [
        "ESC, OSC/BEL, cursor moves, C1, CR and bidi shown escaped",
        rec({ msg: "\x1b[2J\x1b]0;t\x07\x1b[1A\x9b\r\u202e" }),
        "09:12:54.123 ERROR    myapp  \\x1b[2J\\x1b]0;t\\x07\\x1b[1A\\x9b\\r\\u202e\n",
      ],
      [
        "escapes in the logger, keys and values",
        rec({ logger: "a\x1bb", msg: "m", extra: { "\x1b[2J": "\x9b\u202e", k: "\n" } }),
        '09:12:54.123 ERROR    a\\x1bb  m  "\\u001b[2J"="\\x9b\\u202e" k="\\n"\n',
      ],
      ["lone surrogates become U+FFFD", rec({ msg: "\ud800!" }), "09:12:54.123 ERROR    myapp  \ufffd!\n"],
      [
        "an exception indented below",
        rec({ msg: "m", exc: BOOM }),
        "09:12:54.123 ERROR    myapp  m\n    TypeError: boom\n        at handler (/app/src/handler.js:10:5)\n        at main (/app/src/main.js:3:1)\n",
      ],
      ["an unrepresentable time", rec({ time: Number.NaN, msg: "m" }), "Invalid Date ERROR    myapp  m\n"],
      ["an extended year", rec({ time: -8.64e15, msg: "m" }), "00:00:00.000 ERROR    myapp  m\n"],
    ];
    for (const [name, record, expected] of cases) {
      it(name, () => {
        expect(formatTerminal(record, PLAIN)).to.equal(expected);
      });
    }

    it("cuts a message longer than 10,000 characters", () => {
      const out = formatTerminal(rec({ msg: "a".repeat(10_005) }), PLAIN);
      expect(out).to.equal(`09:12:54.123 ERROR    myapp  ${"a".repeat(10_000)}…[+5 chars]\n`);
      expect(formatTerminal(rec({ msg: "a".repeat(10_000) }), PLAIN)).to.equal(`09:12:54.123 ERROR    myapp  ${"a".repeat(10_000)}\n`);
    });

    it("never splits a surrogate pair when cutting", () => {
      const out = formatTerminal(rec({ msg: `${"a".repeat(9_999)}😀tail` }), PLAIN);
      expect(out).to.equal(`09:12:54.123 ERROR    myapp  ${"a".repeat(9_999)}…[+6 chars]\n`);
    });

    it("cuts a long extra value too", () => {
      const out = formatTerminal(rec({ msg: "m", extra: { k: "b".repeat(10_001) } }), PLAIN);
      expect(out).to.equal(`09:12:54.123 ERROR    myapp  m  k="${"b".repeat(10_000)}…[+1 chars]"\n`);
    });
  });

  describe("with colours", () => {
    it("the product page's example", () => {
      expect(formatTerminal(rec({ extra: { timeout_ms: 5000 } }), COLOR)).to.equal(
        `${gray("09:12:54.123")} ${sgr(31)}ERROR${sgr(39)}    ${bold("myapp")}  Database query timed out  ${gray("timeout_ms=")}5000\n`,
      );
    });

    const labels: [string, string][] = [
      ["DEBUG", `${sgr(90)}DEBUG${sgr(39)}   `],
      ["INFO", `${sgr(32)}INFO${sgr(39)}    `],
      ["AUDIT", `${sgr(34)}AUDIT${sgr(39)}   `],
      ["WEBHOOK", `${sgr(36)}WEBHOOK${sgr(39)} `],
      ["WARNING", `${sgr(33)}WARNING${sgr(39)} `],
      ["SECURITY", `${sgr(35)}SECURITY${sgr(39)}`],
      ["ERROR", `${sgr(31)}ERROR${sgr(39)}   `],
      ["DEPLOY", `${sgr(1)}${sgr(34)}DEPLOY${sgr(39)}${sgr(22)}  `],
      ["CRITICAL", `${sgr(1)}${sgr(37)}${sgr(41)}CRITICAL${sgr(49)}${sgr(39)}${sgr(22)}`],
    ];
    for (const [level, label] of labels) {
      it(`colours ${level}`, () => {
        const record = rec({ level: level as LogRecord["level"], msg: "m" });
        expect(formatTerminal(record, COLOR)).to.equal(`${gray("09:12:54.123")} ${label} ${bold("myapp")}  m\n`);
      });
    }

    it("covers all nine levels", () => {
      expect(labels.map(([level]) => level)).to.deep.equal([...LEVEL_NAMES]);
    });

    it("user text stays escaped inside the colours", () => {
      expect(formatTerminal(rec({ logger: "\x1b[39m", msg: "\x1b[31mred" }), COLOR)).to.equal(
        `${gray("09:12:54.123")} ${sgr(31)}ERROR${sgr(39)}    ${bold("\\x1b[39m")}  \\x1b[31mred\n`,
      );
    });
  });

  for (const options of [PLAIN, COLOR]) {
    it(`sends no raw ESC, BEL, C1 or bidi from user data (colors: ${options.colors}), for any hostile record`, () => {
      fc.assert(
        fc.property(hostileRecord, (record) => {
          const out = formatTerminal(record, options);
          if (!options.colors) expect(out).not.to.include("\x1b");
          const stripped = out.replace(OWN_SGR, "");
          expect(stripped).not.to.match(RAW_CONTROL);
          expect(isWellFormed(out)).to.equal(true);
          expect(out.endsWith("\n")).to.equal(true);
          const lines = stripped.slice(0, -1).split("\n");
          expect(lines[0]).to.match(/^(\d\d:\d\d:\d\d\.\d\d\d|Invalid Date) /);
          for (const line of lines.slice(1)) expect(line.startsWith("    "), JSON.stringify(line)).to.equal(true);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  }
});
