import { expect } from "chai";
import { DEFAULT_LIMITS, MAX_DEPTH_CEILING, resolveLimits, type SerializeLimits } from "../../src/serialize/limits.js";

describe("serialize/limits: the caps that keep one record's JSON bounded", () => {
  it("the defaults the README quotes", () => {
    expect(DEFAULT_LIMITS).to.deep.equal({ maxDepth: 10, maxKeys: 1000, maxArrayLength: 1000, maxStringLength: 1_000_000, maxCauseDepth: 10 });
    expect(Object.isFrozen(DEFAULT_LIMITS)).to.equal(true);
    expect(resolveLimits(undefined)).to.equal(DEFAULT_LIMITS);
  });

  it("each usable field is taken (floored); each unusable one falls back to its default", () => {
    const given = { maxDepth: 3.9, maxKeys: -1, maxArrayLength: Number.NaN, maxStringLength: 0, maxCauseDepth: "5" } as unknown as SerializeLimits;
    expect(resolveLimits(given)).to.deep.equal({ maxDepth: 3, maxKeys: 1000, maxArrayLength: 1000, maxStringLength: 0, maxCauseDepth: 10 });
  });

  it("depth caps past the ceiling are lowered to it, so no value can overflow the stack", () => {
    const resolved = resolveLimits({ ...DEFAULT_LIMITS, maxDepth: Number.POSITIVE_INFINITY, maxCauseDepth: 1e9 });
    expect(resolved.maxDepth).to.equal(MAX_DEPTH_CEILING);
    expect(resolved.maxCauseDepth).to.equal(MAX_DEPTH_CEILING);
  });

  it("a hostile limits object (a getter that throws) gives the defaults, never a throw", () => {
    const hostile = Object.defineProperty({ ...DEFAULT_LIMITS }, "maxKeys", {
      get: () => {
        throw new Error("no");
      },
    });
    expect(resolveLimits(hostile)).to.equal(DEFAULT_LIMITS);
  });
});
