import { expect } from "chai";
import fc from "fast-check";
import { formatText } from "../../src/format/text.js";
import { isoTime } from "../../src/format/time.js";
import type { LogRecord } from "../../src/core/record.js";
import { BOOM, hostileRecord, isWellFormed, PROPERTY_RUNS, RAW_CONTROL, rec } from "./fixtures.js";

const PREFIX = "2026-11-24T09:12:54.123Z ERROR    myapp: ";

describe("format/text formatText", () => {
  const cases: [string, LogRecord, string][] = [
    [
      "the product page's example",
      rec({ extra: { timeout_ms: 5000 } }),
      `${PREFIX}Database query timed out {"timeout_ms":5000}\n`,
    ],
    ["no extra", rec(), `${PREFIX}Database query timed out\n`],
    [
      "each level padded to 8",
      rec({ level: "DEBUG", msg: "m" }),
      "2026-11-24T09:12:54.123Z DEBUG    myapp: m\n",
    ],
    ["a level name of 8", rec({ level: "SECURITY", msg: "m" }), "2026-11-24T09:12:54.123Z SECURITY myapp: m\n"],
    ["an empty message", rec({ msg: "" }), `${PREFIX}\n`],
    [
      "a forged record line becomes a continuation line",
      rec({ msg: "ok\n2025-01-01T00:00:00Z ERROR forged" }),
      `${PREFIX}ok\n    | 2025-01-01T00:00:00Z ERROR forged\n`,
    ],
    [
      "extra goes after the last message line",
      rec({ msg: "a\n\nb", extra: { k: "v\nw" } }),
      `${PREFIX}a\n    | \n    | b {"k":"v\\nw"}\n`,
    ],
    [
      "CR, ESC, OSC, C1 and bidi shown as escapes",
      rec({ msg: "a\r\nb\x1b[2J\x1b]0;t\x07\x9b\u202eZ" }),
      `${PREFIX}a\\r\n    | b\\x1b[2J\\x1b]0;t\\x07\\x9b\\u202eZ\n`,
    ],
    [
      "C1 and bidi inside extra (JSON keeps them raw) are escaped too",
      rec({ extra: { "\u202ek": "\x9b\x85" } }),
      `${PREFIX}Database query timed out {"\\u202ek":"\\x9b\\x85"}\n`,
    ],
    ["lone surrogates become U+FFFD", rec({ msg: "a\ud800b\udfff" }), `${PREFIX}a\ufffdb\ufffd\n`],
    ["lone surrogates in extra become U+FFFD, as in NDJSON", rec({ extra: { k: "\ud800" } }), `${PREFIX}Database query timed out {"k":"\ufffd"}\n`],
    [
      "a newline in the logger name is escaped, not a line",
      rec({ logger: "app\n2025 ERROR x", msg: "m" }),
      "2026-11-24T09:12:54.123Z ERROR    app\\n2025 ERROR x: m\n",
    ],
    [
      "an exception, indented below",
      rec({ exc: BOOM }),
      `${PREFIX}Database query timed out\n` +
        "    TypeError: boom\n" +
        "        at handler (/app/src/handler.js:10:5)\n" +
        "        at main (/app/src/main.js:3:1)\n",
    ],
    [
      "a cause chain and AggregateError members",
      rec({
        msg: "m",
        exc: {
          type: "Error",
          message: "outer",
          cause: {
            type: "AggregateError",
            message: "two failed",
            errors: [
              { type: "Error", message: "a", stack: "Error: a\n    at one (a.js:1:1)" },
              { type: "RangeError", message: "b" },
            ],
            cause: { type: "Error", message: "root\n\x1b[2J" },
          },
        },
      }),
      `${PREFIX}m\n` +
        "    Error: outer\n" +
        "    Caused by: AggregateError: two failed\n" +
        "        [1/2] Error: a\n" +
        "            at one (a.js:1:1)\n" +
        "        [2/2] RangeError: b\n" +
        "    Caused by: Error: root\n" +
        "    | \\x1b[2J\n",
    ],
  ];
  for (const [name, record, expected] of cases) {
    it(name, () => {
      expect(formatText(record)).to.equal(expected);
    });
  }

  it("puts exactly one line at column 0 per record, the record line, for any hostile record", () => {
    fc.assert(
      fc.property(hostileRecord, (record) => {
        const out = formatText(record);
        expect(out.endsWith("\n")).to.equal(true);
        const lines = out.slice(0, -1).split("\n");
        expect(lines[0].startsWith(`${isoTime(record.time)} `)).to.equal(true);
        for (const line of lines.slice(1)) expect(line.startsWith("    "), JSON.stringify(line)).to.equal(true);
        expect(out).not.to.match(RAW_CONTROL);
        expect(isWellFormed(out)).to.equal(true);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
