import { expect } from "chai";
import { DEFAULT_RETRY_POLICY, backoffDelay } from "../../src/operators/retry-policy.js";

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
});
