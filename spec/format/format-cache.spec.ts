import { expect } from "chai";
import fc from "fast-check";
import { ExtraJsonMemo } from "../../src/format/extra-json.js";
import { FormatCache } from "../../src/format/format-cache.js";
import { cachedEncoderFor, cachedFormatterFor, formatterFor, type Format } from "../../src/format/index.js";
import { hostileRecord, PROPERTY_RUNS, rec, T0 } from "./fixtures.js";

/**
 * A sink's FormatCache only saves work: whatever it holds, and whichever other sink's or
 * logger's cache runs in between, the text equals the uncached formatter's.
 */
describe("format/FormatCache", () => {
  const FORMATS: readonly Format[] = ["json", "text", "csv", "markdown"];

  for (const format of FORMATS) {
    it(`${format}: two sinks' caches taking turns write exactly what the uncached formatter writes`, () => {
      const plain = formatterFor(format);
      const loggerName = fc.constantFrom("a", "b", "a\nb", "\u2028", "");
      const time = fc.oneof(fc.integer({ min: T0 - 3000, max: T0 + 3000 }), fc.constant(Number.NaN));
      const record = fc.tuple(hostileRecord, loggerName, time).map(([r, logger, t]) => ({ ...r, logger, time: t }));
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.boolean(), record), { minLength: 1, maxLength: 12 }), (calls) => {
          // Two loggers, each with its own memo shared by two sinks: the worst case for leaks.
          const memos = [new ExtraJsonMemo(), new ExtraJsonMemo()];
          const releases = memos.flatMap((memo) => [memo.share(), memo.share()]);
          const sinks = memos.map((memo) => cachedFormatterFor(format, new FormatCache(memo)));
          for (const [second, r] of calls) expect(sinks[second ? 1 : 0](r)).to.equal(plain(r));
          releases.forEach((release) => release());
        }),
        { numRuns: PROPERTY_RUNS / 4 },
      );
    });
  }

  for (const format of ["text", "csv"] as const) {
    it(`${format}: two sinks' encoders taking turns write exactly the uncached formatter's bytes, messages and loggers repeating or not`, () => {
      const plain = formatterFor(format);
      const loggerName = fc.constantFrom("a", "b", "a\nb", "\u2028", "");
      const message = fc.constantFrom("m", "=m", "m\n+x", "\x1b[2J", "", "m, \"q\"");
      const record = fc.tuple(hostileRecord, loggerName, message, fc.boolean()).map(([r, logger, msg, keep]) => ({ ...r, logger, msg: keep ? r.msg : msg }));
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.boolean(), record), { minLength: 1, maxLength: 12 }), (calls) => {
          const memo = new ExtraJsonMemo();
          const releases = [memo.share(), memo.share()];
          const sinks = [cachedEncoderFor(format, new FormatCache(memo))!, cachedEncoderFor(format, new FormatCache(memo))!];
          for (const [second, r] of calls) {
            const text = plain(r);
            const buffer = Buffer.alloc(text.length * 3 + 8);
            const bytes = sinks[second ? 1 : 0](r, buffer, 0);
            expect(buffer.subarray(0, bytes).toString("utf8")).to.equal(text);
          }
          releases.forEach((release) => release());
        }),
        { numRuns: PROPERTY_RUNS / 4 },
      );
    });
  }

  it("a logger name that changes between records is quoted anew (the json memo follows it)", () => {
    const json = cachedFormatterFor("json", new FormatCache());
    expect(json(rec({ logger: "a", msg: "" }))).to.contain('"logger":"a"');
    expect(json(rec({ logger: 'b"', msg: "" }))).to.contain('"logger":"b\\""');
    expect(json(rec({ logger: "a", msg: "" }))).to.contain('"logger":"a"');
  });
});
