import { expect } from "chai";
import fc from "fast-check";
import { renderException } from "../../src/format/exception.js";
import type { SerializedError } from "../../src/core/record.js";
import { BOOM, hostileError, isWellFormed, PROPERTY_RUNS, RAW_CONTROL } from "./fixtures.js";

describe("format/exception renderException", () => {
  const cases: [string, SerializedError, string][] = [
    [
      "a V8 stack: its header is not repeated",
      BOOM,
      "    TypeError: boom\n        at handler (/app/src/handler.js:10:5)\n        at main (/app/src/main.js:3:1)\n",
    ],
    ["no stack", { type: "Error", message: "m" }, "    Error: m\n"],
    ["an empty message", { type: "Error", message: "", stack: "Error\n    at f (a.js:1:1)" }, "    Error\n        at f (a.js:1:1)\n"],
    [
      "a multi-line message: continuation lines, and the stack's copy of it skipped",
      { type: "Error", message: "a\nb", stack: "Error: a\nb\n    at f (a.js:1:1)" },
      "    Error: a\n    | b\n        at f (a.js:1:1)\n",
    ],
    [
      "a stack without V8 frames (Firefox style) keeps its lines",
      { type: "Error", message: "m", stack: "f@a.js:1:1\ng@b.js:2:2" },
      "    Error: m\n        f@a.js:1:1\n        g@b.js:2:2\n",
    ],
    ["a stack holding the header only", { type: "Error", message: "m", stack: "Error: m" }, "    Error: m\n"],
    [
      "a renamed error whose stack header differs",
      { type: "MyError", message: "m", stack: "Error: m\n    at f (a.js:1:1)" },
      "    MyError: m\n        at f (a.js:1:1)\n",
    ],
    [
      "fields after the header, as JSON",
      { type: "Error", message: "connect failed", fields: { code: "ECONNREFUSED", port: 5432 } },
      '    Error: connect failed {"code":"ECONNREFUSED","port":5432}\n',
    ],
    ["empty fields are left out", { type: "Error", message: "m", fields: {} }, "    Error: m\n"],
    [
      "hostile text everywhere is escaped",
      { type: "E\x1b[2J", message: "\r\u202e", stack: "E\n    at \x1b]0;t\x07\n\tat \x9b", fields: { "\u202e": "\x85" } },
      '    E\\x1b[2J: \\r\\u202e {"\\u202e":"\\x85"}\n        at \\x1b]0;t\\x07\n        at \\x9b\n',
    ],
    [
      "nested members and causes",
      {
        type: "AggregateError",
        message: "all",
        errors: [{ type: "Error", message: "a", cause: { type: "Error", message: "a's cause" } }],
        cause: { type: "Error", message: "root" },
      },
      "    AggregateError: all\n        [1/1] Error: a\n        Caused by: Error: a's cause\n    Caused by: Error: root\n",
    ],
  ];
  for (const [name, exc, expected] of cases) {
    it(name, () => {
      expect(renderException(exc, "    ")).to.equal(expected);
    });
  }

  it("stops following a chain deeper than 16", () => {
    let exc: SerializedError = { type: "Error", message: "17" };
    for (let i = 16; i >= 1; i--) exc = { type: "Error", message: String(i), cause: exc };
    const out = renderException(exc, "");
    expect(out.split("\n").slice(-3)).to.deep.equal(["Caused by: Error: 16", "Caused by: … (deeper exceptions omitted)", ""]);
  });

  it("keeps every line behind the indent, escaped and well-formed, for any hostile exception", () => {
    fc.assert(
      fc.property(hostileError, (exc) => {
        const out = renderException(exc, "    ");
        expect(out.endsWith("\n")).to.equal(true);
        for (const line of out.slice(0, -1).split("\n")) expect(line.startsWith("    ")).to.equal(true);
        expect(out).not.to.match(RAW_CONTROL);
        expect(isWellFormed(out)).to.equal(true);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
