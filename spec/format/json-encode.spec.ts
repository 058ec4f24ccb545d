import { expect } from "chai";
import fc from "fast-check";
import { formatJson } from "../../src/format/json.js";
import { encodeJsonLineCached } from "../../src/format/json-encode.js";
import { FormatCache } from "../../src/format/format-cache.js";
import { ExtraJsonMemo } from "../../src/format/extra-json.js";
import { BOOM, hostileRecord, encodedBy, PROPERTY_RUNS, rec } from "./fixtures.js";
import type { LogRecord } from "../../src/core/record.js";

/** One cache for the whole spec, as a sink keeps one: a warm cache must not change a byte. */
const cache = new FormatCache();
const encodeJsonLine = (record: LogRecord, buffer: Buffer, offset: number): number => encodeJsonLineCached(record, buffer, offset, cache);
const encoded = (record: LogRecord, size?: number, offset?: number): string | null => encodedBy(encodeJsonLine, record, size, offset);

describe("format/json-encode encodeJsonLine", () => {
  it("writes the common line (extra, no exception, no span) byte for byte as formatJson's string", () => {
    const record = rec({ level: "INFO", levelno: 20, msg: "two\nlines \x1b[2J", extra: { route: "/api/items", status: 200, bidi: "\u202e", emoji: "\ud83d\ude00 漢" } });
    expect(encoded(record)).to.equal(formatJson(record));
    expect(encoded(record, 4096, 100)).to.equal(formatJson(record));
  });

  it("writes lines with an exception, a span, no extra or a time a Date cannot hold as formatJson's string", () => {
    const records = [
      rec({ exc: BOOM, extra: { a: 1 } }),
      rec({ extra: { a: 1 }, trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" }),
      rec(),
      rec({ time: Number.NaN, extra: { a: 1 } }),
    ];
    for (const record of records) expect(encoded(record)).to.equal(formatJson(record));
  });

  it("an extra that throws as it is read (a Proxy's traps, a revoked Proxy) is its marker after the line's head, as in formatJson", () => {
    const trapping = new Proxy({}, { getPrototypeOf: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); } });
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const extra of [trapping, revoked]) {
      const record = rec({ extra: extra as Record<string, unknown> });
      expect(encoded(record, 4096, 30)).to.equal(formatJson(record));
    }
  });

  it("writes the text its logger's file sinks share when they share one, the same bytes", () => {
    const memo = new ExtraJsonMemo();
    const release = [memo.share(), memo.share()];
    const shared = new FormatCache(memo);
    const record = rec({ extra: { user: "ada", n: 3 } });
    expect(encodedBy((r, buffer, offset) => encodeJsonLineCached(r, buffer, offset, shared), record)).to.equal(formatJson(record));
    for (const done of release) done();
  });

  it("any record, from any of several loggers: the same bytes as Buffer.from(formatJson(record)), at any offset", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileRecord, fc.nat({ max: 64 })), { minLength: 1, maxLength: 4 }), (cases) => {
        for (const [record, offset] of cases) {
          const text = formatJson(record);
          // Room for the worst case (6 bytes per code unit, escapes), so that -1 is never the answer here.
          expect(encoded(record, offset + text.length * 6 + 64, offset)).to.equal(text);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("returns -1, leaving the bytes before its offset alone, when the line might not fit in what is left", () => {
    const buffer = Buffer.alloc(300, 0x7e);
    for (const record of [rec({ extra: { text: "x".repeat(200) } }), rec({ msg: "y".repeat(200) })]) {
      expect(encodeJsonLine(record, buffer, 20)).to.equal(-1);
      expect(buffer.subarray(0, 20).every((byte) => byte === 0x7e)).to.equal(true);
    }
  });
});
