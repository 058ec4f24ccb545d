import { expect } from "chai";
import fc from "fast-check";
import { formatText } from "../../src/format/text.js";
import { encodeTextLineCached } from "../../src/format/text-encode.js";
import { FormatCache } from "../../src/format/format-cache.js";
import { BOOM, edgeTimeRecords, hostileRecord, encodedBy, PROPERTY_RUNS, rec } from "./fixtures.js";
import type { LogRecord } from "../../src/core/record.js";

/** One cache for the whole spec, as a sink keeps one: a warm cache must not change a byte. */
const cache = new FormatCache();
const encodeTextLine = (record: LogRecord, buffer: Buffer, offset: number): number => encodeTextLineCached(record, buffer, offset, cache);
const encoded = (record: LogRecord, size?: number, offset?: number): string | null => encodedBy(encodeTextLine, record, size, offset);

describe("format/text-encode encodeTextLine", () => {
  it("writes the common line (extra, no exception, no span) byte for byte as formatText's string", () => {
    const record = rec({ level: "INFO", levelno: 20, msg: "two\nlines \x1b[2J", extra: { route: "/api/items", bidi: "\u202e", emoji: "\ud83d\ude00 漢" } });
    expect(encoded(record)).to.equal(formatText(record));
    expect(encoded(record, 4096, 100)).to.equal(formatText(record));
  });

  it("writes lines with an exception, a span or no extra as formatText's string", () => {
    for (const record of [rec({ exc: BOOM, extra: { a: 1 } }), rec({ extra: { a: 1 }, trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" }), rec()]) {
      expect(encoded(record)).to.equal(formatText(record));
    }
  });

  it("any record, from any of several loggers: the same bytes as Buffer.from(formatText(record)), at any offset", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileRecord, fc.nat({ max: 64 })), { minLength: 1, maxLength: 4 }), (cases) => {
        for (const [record, offset] of cases) {
          const text = formatText(record);
          // Room for the worst case (3 bytes per code unit), so that -1 is never the answer here.
          expect(encoded(record, offset + text.length * 3 + 16, offset)).to.equal(text);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("times at the edges of four-digit years, fractional or before 1970, and seconds that follow each other: the string's bytes", () => {
    const fresh = (record: LogRecord): string | null => encodedBy((r, buffer, offset) => encodeTextLineCached(r, buffer, offset, new FormatCache()), record);
    for (const record of edgeTimeRecords()) {
      expect([encoded(record), fresh(record)], String(record.time)).to.deep.equal([formatText(record), formatText(record)]);
    }
  });

  it("writes nothing and returns -1 when the line might not fit in what is left of the buffer", () => {
    const buffer = Buffer.alloc(300, 0x7e);
    for (const record of [rec({ extra: { text: "x".repeat(200) } }), rec({ msg: "y".repeat(200) })]) {
      expect(encodeTextLine(record, buffer, 0)).to.equal(-1);
      expect(buffer.every((byte) => byte === 0x7e)).to.equal(true);
    }
  });
});
