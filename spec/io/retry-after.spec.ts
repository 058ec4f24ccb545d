import { expect } from "chai";
import { MAX_RETRY_AFTER_MS, parseRetryAfter, secondsToDelayMs } from "../../src/io/retry-after.js";

describe("io/retry-after", () => {
  describe("parseRetryAfter", () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    const cases: [string, Parameters<typeof parseRetryAfter>[0], number | undefined][] = [
      ["integer seconds", "120", 120_000],
      ["zero", "0", 0],
      ["decimal seconds", "1.5", 1500],
      ["a fraction", "0.35", 350],
      ["surrounding spaces", "  2 ", 2000],
      ["an HTTP-date 30 s ahead", "Wed, 01 Jan 2025 12:00:30 GMT", 30_000],
      ["an HTTP-date now", "Wed, 01 Jan 2025 12:00:00 GMT", 0],
      ["an HTTP-date in the past", "Wed, 01 Jan 2025 11:59:00 GMT", undefined],
      ["the RFC's example date (past)", "Fri, 31 Dec 1999 23:59:59 GMT", undefined],
      ["a negative number", "-1", undefined],
      ["an exponent", "1e3", undefined],
      ["a unit", "5s", undefined],
      ["garbage", "soon", undefined],
      ["empty", "", undefined],
      ["undefined", undefined, undefined],
      ["null", null, undefined],
      ["an absurd delay (clamped to 1 h)", "99999999", MAX_RETRY_AFTER_MS],
      ["an absurd date (clamped to 1 h)", "Fri, 01 Jan 2100 00:00:00 GMT", MAX_RETRY_AFTER_MS],
      ["a repeated header (first wins)", ["5", "7"], 5000],
      ["a number of seconds", 2, 2000],
      ["a negative number of seconds", -2, undefined],
    ];
    for (const [name, value, expected] of cases) {
      it(`${name}: ${JSON.stringify(value)} -> ${String(expected)}`, () => expect(parseRetryAfter(value, now)).to.equal(expected));
    }
  });

  describe("secondsToDelayMs", () => {
    it("rounds up to whole ms without binary floating point noise", () => {
      expect([64.57, 0.35, 1, 0.0001, 0].map(secondsToDelayMs)).to.deep.equal([64_570, 350, 1000, 1, 0]);
    });
    it("rejects non-numbers, negatives and non-finite values", () => {
      expect(["1", -1, Number.NaN, Number.POSITIVE_INFINITY, null].map(secondsToDelayMs)).to.deep.equal([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });
  });
});
