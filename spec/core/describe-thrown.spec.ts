import { expect } from "chai";
import { describeThrown } from "../../src/core/describe-thrown.js";

describe("core/describeThrown", () => {
  const cases: [string, unknown, string][] = [
    ["an Error", new TypeError("boom"), "TypeError: boom"],
    ["an error-like object without a name", { message: "plain" }, "Error: plain"],
    ["a string", "boom", "thrown string: boom"],
    ["a number", 42, "thrown number: 42"],
    ["null", null, "thrown null"],
    ["undefined", undefined, "thrown undefined"],
    ["an object whose message getter throws", Object.defineProperty({}, "message", { get: () => { throw new Error("x"); } }), "thrown value that cannot be described"],
  ];
  for (const [name, thrown, expected] of cases) {
    it(`${name} -> ${expected}`, () => expect(describeThrown(thrown)).to.equal(expected));
  }
});

describe("core/describeThrown with details (what SecretScrubber.scrubError scrubs)", () => {
  const coded = Object.assign(new Error("connect failed"), { code: "ECONNREFUSED" });
  const cases: [string, unknown, string][] = [
    ["an Error with a code", coded, "Error: connect failed (code ECONNREFUSED)"],
    ["a code the message names already", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }), "Error: connect ECONNREFUSED 127.0.0.1:9"],
    ["a numeric code", Object.assign(new Error("unavailable"), { code: 14 }), "Error: unavailable (code 14)"],
    ["a cause", new Error("send failed", { cause: new TypeError("bad socket") }), "Error: send failed; cause: TypeError: bad socket"],
    ["a rejected string, shown as the library's message", "Connection pool was closed", "Connection pool was closed"],
    ["a message getter that throws: the rest is still read", Object.defineProperty({}, "message", { get: () => { throw new Error("x"); } }), "thrown [object Object]"],
    ["a plain object, named without calling its toString", { toString: () => "secret text" }, "thrown [object Object]"],
  ];
  for (const [name, thrown, expected] of cases) {
    it(`${name} -> ${expected}`, () => expect(describeThrown(thrown, { details: true })).to.equal(expected));
  }

  it("follows at most three causes, so a cause that points to itself ends", () => {
    const loop = new Error("again");
    (loop as { cause?: unknown }).cause = loop;
    expect(describeThrown(loop, { details: true })).to.equal("Error: again; cause: Error: again; cause: Error: again; cause: Error: again");
  });

  it("the short form shows neither code nor cause", () => {
    expect(describeThrown(new Error("send failed", { cause: coded }))).to.equal("Error: send failed");
  });
});
