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
