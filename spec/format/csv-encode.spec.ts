import { expect } from "chai";
import fc from "fast-check";
import { csvCell, formatCsv, jsonCell } from "../../src/format/csv.js";
import { encodeCsvCached } from "../../src/format/csv-encode.js";
import { FormatCache } from "../../src/format/format-cache.js";
import { safeStringify } from "../../src/serialize/index.js";
import { BOOM, edgeTimeRecords, hostileRecord, hostileText, encodedBy, PROPERTY_RUNS, rec } from "./fixtures.js";
import type { LogRecord } from "../../src/core/record.js";

/** One cache for the whole spec, as a sink keeps one: a warm cache must not change a byte. */
const cache = new FormatCache();
const encodeCsv = (record: LogRecord, buffer: Buffer, offset: number): number => encodeCsvCached(record, buffer, offset, cache);
const encoded = (record: LogRecord, size?: number, offset?: number): string | null => encodedBy(encodeCsv, record, size, offset);

describe("format/csv-encode encodeCsv", () => {
  it("writes the common row (extra, no exception) byte for byte as formatCsv's string", () => {
    const record = rec({ level: "INFO", levelno: 20, extra: { route: "/api/items", status: 200, q: 'say "hi", bye', path: "C:\\tmp", emoji: "\ud83d\ude00 漢" } });
    expect(encoded(record)).to.equal(formatCsv(record));
    expect(encoded(record, 4096, 100)).to.equal(formatCsv(record));
  });

  it("writes rows with an exception, a guarded or scalar extra, or no extra as formatCsv's string", () => {
    for (const record of [
      rec({ exc: BOOM, extra: { a: 1 } }),
      // From plain JavaScript, `extra` may be a scalar: "-5" needs the formula guard, 42 no quotes.
      rec({ extra: -5 as unknown as Record<string, unknown> }),
      rec({ extra: 42 as unknown as Record<string, unknown> }),
      rec({ extra: "\ud800 lone" as unknown as Record<string, unknown> }),
      rec({ extra: { "\ud800": "\udfff" } }),
      rec({ msg: "=cmd\n+2" }),
      rec(),
    ]) {
      expect(encoded(record)).to.equal(formatCsv(record));
    }
  });

  it("any record: the same bytes as Buffer.from(formatCsv(record)), at any offset", () => {
    fc.assert(
      fc.property(hostileRecord, fc.nat({ max: 64 }), (record, offset) => {
        const text = formatCsv(record);
        // Room for the worst case (3 bytes per code unit), so that -1 is never the answer here.
        expect(encoded(record, offset + text.length * 3 + 16, offset)).to.equal(text);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("times at the edges of four-digit years, fractional or before 1970, and seconds that follow each other: the string's bytes", () => {
    const fresh = (record: LogRecord): string | null => encodedBy((r, buffer, offset) => encodeCsvCached(r, buffer, offset, new FormatCache()), record);
    for (const record of edgeTimeRecords()) {
      expect([encoded(record), fresh(record)], String(record.time)).to.deep.equal([formatCsv(record), formatCsv(record)]);
    }
  });

  it("writes nothing and returns -1 when the row might not fit in what is left of the buffer", () => {
    const record = rec({ extra: { text: "x".repeat(200) } });
    const buffer = Buffer.alloc(300, 0x7e);
    expect(encodeCsv(record, buffer, 0)).to.equal(-1);
    expect(buffer.every((byte) => byte === 0x7e)).to.equal(true);
    const bare = rec({ msg: "y".repeat(200) });
    expect(encodeCsv(bare, buffer, 0)).to.equal(-1);
    expect(buffer.every((byte) => byte === 0x7e)).to.equal(true);
  });
});

describe("format/csv jsonCell", () => {
  it("equals csvCell for the JSON of any value, hostile strings and lone surrogates included", () => {
    const json = fc.oneof(
      fc.anything({ withBigInt: false }).map((value) => safeStringify(value)),
      hostileText.map((text) => JSON.stringify(text)),
      fc.array(hostileText).map((texts) => JSON.stringify(texts)),
      fc.integer().map((n) => JSON.stringify(n)),
    );
    fc.assert(
      fc.property(json, (text) => {
        expect(jsonCell(text)).to.equal(csvCell(text));
      }),
      { numRuns: PROPERTY_RUNS * 4 },
    );
  });
});
