import { expect } from "chai";
import fc from "fast-check";
import { FormatCache } from "../../src/format/format-cache.js";
import { INVALID_TIME, isoTime, isoTimeCached } from "../../src/format/time.js";
import { PROPERTY_RUNS, T0 } from "./fixtures.js";

describe("format/time isoTime", () => {
  const cases: [string, number, string][] = [
    ["the product page's example", T0, "2026-11-24T09:12:54.123Z"],
    ["the epoch", 0, "1970-01-01T00:00:00.000Z"],
    ["-0", -0, "1970-01-01T00:00:00.000Z"],
    ["one millisecond before the epoch", -1, "1969-12-31T23:59:59.999Z"],
    ["a fraction, truncated toward zero", 1.9, "1970-01-01T00:00:00.001Z"],
    ["a negative fraction, truncated toward zero", -1.5, "1969-12-31T23:59:59.999Z"],
    ["millis below 10", Date.UTC(2026, 0, 1, 0, 0, 0, 7), "2026-01-01T00:00:00.007Z"],
    ["millis below 100", Date.UTC(2026, 0, 1, 0, 0, 0, 42), "2026-01-01T00:00:00.042Z"],
    ["the largest time", 8.64e15, "+275760-09-13T00:00:00.000Z"],
    ["the smallest time", -8.64e15, "-271821-04-20T00:00:00.000Z"],
    ["year 10000", Date.UTC(10000, 0, 1, 0, 0, 0, 5), "+010000-01-01T00:00:00.005Z"],
    ["NaN", Number.NaN, INVALID_TIME],
    ["Infinity", Number.POSITIVE_INFINITY, INVALID_TIME],
    ["-Infinity", Number.NEGATIVE_INFINITY, INVALID_TIME],
    ["past the largest time", 8.64e15 + 1, INVALID_TIME],
  ];
  for (const [name, ms, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      expect(isoTime(ms)).to.equal(expected);
    });
  }

  it("reuses the second's prefix only within that second", () => {
    expect(isoTime(T0)).to.equal("2026-11-24T09:12:54.123Z");
    expect(isoTime(T0 + 1)).to.equal("2026-11-24T09:12:54.124Z");
    expect(isoTime(T0 + 877)).to.equal("2026-11-24T09:12:55.000Z");
    expect(isoTime(T0 + 876)).to.equal("2026-11-24T09:12:54.999Z");
    expect(isoTime(T0 + 86_400_000)).to.equal("2026-11-25T09:12:54.123Z");
    expect(isoTime(T0 - 1000)).to.equal("2026-11-24T09:12:53.123Z");
  });

  it("is invalid then valid again without a stale cache", () => {
    expect(isoTime(T0)).to.equal("2026-11-24T09:12:54.123Z");
    expect(isoTime(Number.NaN)).to.equal(INVALID_TIME);
    expect(isoTime(T0 + 1)).to.equal("2026-11-24T09:12:54.124Z");
  });

  it("equals new Date(ms).toISOString() for every representable time, in any call order", () => {
    const near = fc.integer({ min: T0 - 5000, max: T0 + 5000 });
    const any = fc.integer({ min: -8.64e15, max: 8.64e15 });
    const fractional = fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.oneof(near, any, fractional), { minLength: 1, maxLength: 8 }), (times) => {
        for (const ms of times) expect(isoTime(ms)).to.equal(new Date(ms).toISOString());
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe("format/time isoTimeCached", () => {
  it("reuses the second's prefix only within that second", () => {
    const cache = new FormatCache();
    expect(isoTimeCached(T0, cache)).to.equal("2026-11-24T09:12:54.123Z");
    expect(isoTimeCached(T0 + 1, cache)).to.equal("2026-11-24T09:12:54.124Z");
    expect(isoTimeCached(T0 + 877, cache)).to.equal("2026-11-24T09:12:55.000Z");
    expect(isoTimeCached(T0 + 876, cache)).to.equal("2026-11-24T09:12:54.999Z");
    expect(isoTimeCached(T0 + 86_400_000, cache)).to.equal("2026-11-25T09:12:54.123Z");
    expect(isoTimeCached(T0 - 1000, cache)).to.equal("2026-11-24T09:12:53.123Z");
  });

  it("is invalid then valid again without a stale cache", () => {
    const cache = new FormatCache();
    expect(isoTimeCached(T0, cache)).to.equal("2026-11-24T09:12:54.123Z");
    expect(isoTimeCached(Number.NaN, cache)).to.equal(INVALID_TIME);
    expect(isoTimeCached(T0 + 1, cache)).to.equal("2026-11-24T09:12:54.124Z");
  });

  it("equals isoTime for any time, in any call order, with two caches taking turns", () => {
    const near = fc.integer({ min: T0 - 5000, max: T0 + 5000 });
    const any = fc.integer({ min: -8.64e15, max: 8.64e15 });
    const fractional = fc.double({ min: -8.64e15, max: 8.64e15 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.oneof(near, any, fractional)), { minLength: 1, maxLength: 8 }), (calls) => {
        const caches = [new FormatCache(), new FormatCache()];
        for (const [second, ms] of calls) expect(isoTimeCached(ms, caches[second ? 1 : 0])).to.equal(isoTime(ms));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
