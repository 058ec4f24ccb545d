import { expect } from "chai";
import {
  DEFAULT_RETRY_POLICY,
  MAX_RETRY_AFTER_MS,
  backoffDelay,
  parseRetryAfter,
  secondsToDelayMs,
} from "../../src/operators/retry-policy.js";

/** mulberry32: a seeded source of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("retry policy", () => {
  it("defaults to 3 retries, base 100 ms, cap 2 s, and is frozen", () => {
    expect(DEFAULT_RETRY_POLICY).to.deep.equal({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 2000 });
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).to.equal(true);
  });

  describe("backoffDelay (full jitter)", () => {
    it("stays in [0, min(cap, base * 2^k)] and covers the range, with a seeded random", () => {
      const random = seeded(42);
      const ceilings = [100, 200, 400, 800, 1600, 2000, 2000, 2000, 2000, 2000, 2000];
      ceilings.forEach((ceiling, k) => {
        const samples = Array.from({ length: 2000 }, () => backoffDelay(k, DEFAULT_RETRY_POLICY, random));
        expect(Math.min(...samples), `k=${k} min`).to.be.at.least(0);
        expect(Math.max(...samples), `k=${k} max`).to.be.at.most(ceiling);
        expect(Math.max(...samples), `k=${k} reaches the top`).to.be.above(ceiling * 0.95);
        expect(Math.min(...samples), `k=${k} reaches the bottom`).to.be.below(ceiling * 0.05);
        for (const s of samples) expect(Number.isInteger(s)).to.equal(true);
      });
    });

    it("maps the random number linearly onto the ceiling", () => {
      const half = () => 0.5;
      expect([0, 1, 2, 3, 4, 5, 30].map((k) => backoffDelay(k, DEFAULT_RETRY_POLICY, half))).to.deep.equal([
        50, 100, 200, 400, 800, 1000, 1000,
      ]);
      expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0)).to.equal(0);
      expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0.999999)).to.equal(800);
    });

    it("treats a bad index as 0 and a bad random as 0 or 1", () => {
      const half = () => 0.5;
      expect(backoffDelay(-3, DEFAULT_RETRY_POLICY, half)).to.equal(50);
      expect(backoffDelay(Number.NaN, DEFAULT_RETRY_POLICY, half)).to.equal(50);
      expect(backoffDelay(1e6, DEFAULT_RETRY_POLICY, half)).to.equal(1000);
      expect(backoffDelay(0, DEFAULT_RETRY_POLICY, () => Number.NaN)).to.equal(0);
      expect(backoffDelay(0, DEFAULT_RETRY_POLICY, () => 7)).to.equal(100);
    });
  });

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
