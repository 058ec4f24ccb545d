import { expect } from "chai";
import { asFailureCode, asStatusCode, failureFactsOf, withFacts } from "../../src/core/failure.js";
import { thrownCode } from "../../src/core/describe-thrown.js";

describe("core/failure", () => {
  it("keeps a code only when it is a short identifier (a number becomes its text)", () => {
    expect(["ECONNREFUSED", "UND_ERR_SOCKET", "ERR_INVALID_URL", 14].map(asFailureCode)).to.deep.equal(["ECONNREFUSED", "UND_ERR_SOCKET", "ERR_INVALID_URL", "14"]);
    expect(["", "two words", "x".repeat(65), 1.5, null, {}].map(asFailureCode)).to.deep.equal([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("keeps a status code only in 100..999 (HTTP statuses and SMTP reply codes)", () => {
    expect([100, 429, 535, 999].map(asStatusCode)).to.deep.equal([100, 429, 535, 999]);
    expect([0, 14, 1000, 404.5, "404"].map(asStatusCode)).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
  });

  it("reads the well-formed facts of a value nobody vouches for, and never throws", () => {
    expect(failureFactsOf({ code: "EPIPE", statusCode: 503, attempts: 4, other: 1 })).to.deep.equal({ code: "EPIPE", statusCode: 503, attempts: 4 });
    expect(failureFactsOf({ code: "not a code", statusCode: "503", attempts: -1 })).to.deep.equal({});
    const hostile = new Proxy({}, { get: () => { throw new Error("getter"); } });
    expect(failureFactsOf(hostile)).to.deep.equal({});
    expect(failureFactsOf(null)).to.deep.equal({});
  });

  it("adds only the facts that are known: an object without facts keeps its exact shape", () => {
    expect(withFacts({ kind: "failed" }, {})).to.deep.equal({ kind: "failed" });
    expect(withFacts({ kind: "failed" }, { code: undefined, statusCode: 400 })).to.deep.equal({ kind: "failed", statusCode: 400 });
  });

  it("thrownCode reads a thrown error's code without letting a getter throw", () => {
    expect(thrownCode(Object.assign(new Error("x"), { code: "EACCES" }))).to.equal("EACCES");
    expect(thrownCode(Object.defineProperty(new Error("x"), "code", { get: () => { throw new Error("no"); } }))).to.equal(undefined);
    expect(thrownCode("EACCES")).to.equal(undefined);
  });
});
