import { expect } from "chai";
import fc from "fast-check";
import { formatJson } from "../../src/format/json.js";
import { isoTime } from "../../src/format/time.js";
import type { LogRecord } from "../../src/core/record.js";
import { BOOM, hostileRecord, isWellFormed, PROPERTY_RUNS, rec } from "./fixtures.js";

function wellFormed(text: string): string {
  return (text as unknown as { toWellFormed(): string }).toWellFormed();
}

/** The value with every string (keys too) made well-formed: what an I-JSON reader gets. */
function wellFormedDeep(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [wellFormed(key), wellFormedDeep(item)]));
  }
  return value;
}

describe("format/json formatJson", () => {
  const cyclic: Record<string, unknown> = { n: 10n };
  cyclic.self = cyclic;

  const cases: [string, LogRecord, string][] = [
    [
      "the product page's example",
      rec({ extra: { timeout_ms: 5000 } }),
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"myapp","msg":"Database query timed out","extra":{"timeout_ms":5000}}\n',
    ],
    [
      "no extra, no exc: no keys for them",
      rec({ level: "INFO", msg: "Server started on port 8080" }),
      '{"time":"2026-11-24T09:12:54.123Z","level":"INFO","levelno":20,"logger":"myapp","msg":"Server started on port 8080"}\n',
    ],
    [
      "newline, CR, ESC, bidi and a lone surrogate in the message",
      rec({ msg: "ok\n2025-01-01T00:00:00Z ERROR forged\r\x1b[2J\u202e\ud800" }),
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"myapp","msg":"ok\\n2025-01-01T00:00:00Z ERROR forged\\r\\u001b[2J\u202e\ufffd"}\n',
    ],
    [
      "DEL, C1 and U+2028 are valid JSON as they are",
      rec({ msg: "a\x7f\x9b\u2028b" }),
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"myapp","msg":"a\x7f\x9b\u2028b"}\n',
    ],
    [
      "a valid surrogate pair is kept",
      rec({ msg: "😀" }),
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"myapp","msg":"😀"}\n',
    ],
    [
      "quotes and backslashes in the logger",
      rec({ logger: 'a"b\\c' }),
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"a\\"b\\\\c","msg":"Database query timed out"}\n',
    ],
    [
      "extra with a BigInt and a cycle",
      rec({ extra: cyclic }),
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"myapp","msg":"Database query timed out","extra":{"n":"10n","self":"[Circular]"}}\n',
    ],
    [
      "exc after extra",
      rec({ extra: { a: 1 }, exc: { type: "TypeError", message: "boom", cause: { type: "Error", message: "inner" } } }),
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"myapp","msg":"Database query timed out","extra":{"a":1},"exc":{"type":"TypeError","message":"boom","cause":{"type":"Error","message":"inner"}}}\n',
    ],
    [
      "an unrepresentable time",
      rec({ time: Number.NaN, level: "CRITICAL", msg: "" }),
      '{"time":"Invalid Date","level":"CRITICAL","levelno":50,"logger":"myapp","msg":""}\n',
    ],
  ];
  for (const [name, record, expected] of cases) {
    it(name, () => {
      expect(formatJson(record)).to.equal(expected);
    });
  }

  it("does not reuse the previous record's logger name", () => {
    expect(formatJson(rec({ logger: "a", msg: "" }))).to.equal(
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"a","msg":""}\n',
    );
    expect(formatJson(rec({ logger: "b", msg: "" }))).to.equal(
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"b","msg":""}\n',
    );
    expect(formatJson(rec({ logger: "", msg: "" }))).to.equal(
      '{"time":"2026-11-24T09:12:54.123Z","level":"ERROR","levelno":40,"logger":"","msg":""}\n',
    );
  });

  it("keeps the stack of an exception intact", () => {
    const line = formatJson(rec({ exc: BOOM }));
    expect(JSON.parse(line).exc).to.deep.equal(BOOM);
  });

  it("writes one parseable line with the same fields, in order, for any hostile record", () => {
    fc.assert(
      fc.property(hostileRecord, (record) => {
        const line = formatJson(record);
        expect(line.endsWith("\n")).to.equal(true);
        expect(line.indexOf("\n")).to.equal(line.length - 1);
        expect(line.slice(0, -1)).not.to.match(/[\u0000-\u001f]/); // JSON escapes every C0 character
        const parsed = JSON.parse(line) as Record<string, unknown>;
        const keys = ["time", "level", "levelno", "logger", "msg"];
        if (record.extra !== undefined) keys.push("extra");
        if (record.exc !== undefined) keys.push("exc");
        expect(Object.keys(parsed)).to.deep.equal(keys);
        expect(parsed.time).to.equal(isoTime(record.time));
        expect(parsed.level).to.equal(record.level);
        expect(parsed.levelno).to.equal(record.levelno);
        // I-JSON (RFC 7493): no lone surrogate, raw or escaped; each one reads back as U+FFFD.
        expect(isWellFormed(line)).to.equal(true);
        expect(parsed, "no escaped lone surrogate anywhere in the line").to.deep.equal(wellFormedDeep(parsed));
        expect(parsed.logger).to.equal(wellFormed(record.logger));
        expect(parsed.msg).to.equal(wellFormed(record.msg));
        if (record.exc !== undefined) expect(parsed.exc).to.deep.equal(wellFormedDeep(JSON.parse(JSON.stringify(record.exc))));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
