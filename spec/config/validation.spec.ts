import { expect } from "chai";
import { isLeft } from "fp-ts/lib/Either.js";
import { describeKind, describeValue, fail, showKey } from "../../src/config/validation.js";

describe("config/validation: how a bad value is described", () => {
  it("fail carries the expectation and the ways to print the value", () => {
    const result = fail(42, [], "expected a URL", { hiddenGot: "a value that is not a valid URL" });
    expect(isLeft(result) && result.left[0]).to.deep.include({ value: 42, message: "expected a URL", hiddenGot: "a value that is not a valid URL" });
  });

  it("describeValue shows short values, cuts long strings, and names the kind of the rest", () => {
    expect(describeValue("LOUD")).to.equal('"LOUD"');
    expect(describeValue("x".repeat(100))).to.equal(JSON.stringify(`${"x".repeat(60)}...`));
    expect(describeValue(42)).to.equal("42");
    expect(describeValue(true)).to.equal("true");
    expect(describeValue([1])).to.equal("a list");
  });

  it("describeKind never shows any part of the value (safe for secrets)", () => {
    const cases: [unknown, string][] = [
      [null, "null"], [undefined, "nothing"], [["s3cret"], "a list"], [new Date(0), "a date"], ["s3cret", "a string"],
      [7, "a number"], [false, "a boolean"], [7n, "a bigint"], [() => "s3cret", "a function"], [Symbol("s3cret"), "a symbol"], [{ token: "s3cret" }, "an object"],
    ];
    for (const [value, kind] of cases) expect(describeKind(value)).to.equal(kind);
  });

  it("showKey: a plain key bare, anything else quoted and cut", () => {
    expect(showKey("webhook_url")).to.equal("webhook_url");
    expect(showKey("has space")).to.equal('"has space"');
    expect(showKey("k".repeat(50))).to.equal(JSON.stringify(`${"k".repeat(40)}...`));
  });
});
