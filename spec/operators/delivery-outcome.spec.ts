import { expect } from "chai";
import { UNDESCRIBABLE_ERROR, describeDeliveryError, outcomeEvents } from "../../src/operators/delivery-outcome.js";
import type { DeliveryEvent } from "../../src/core/delivery.js";
import { recordWeight } from "../../src/core/record.js";
import { record } from "./test-records.js";

class HttpError extends Error {
  override name = "HttpError";
}

describe("describeDeliveryError", () => {
  const cases: [string, unknown, string][] = [
    ["an Error", new Error("boom"), "Error: boom"],
    ["an Error subclass", new TypeError("nope"), "TypeError: nope"],
    ["a custom name", new HttpError("503"), "HttpError: 503"],
    ["an error-like object without a name", { message: "plain" }, "Error: plain"],
    ["a string", "boom", "thrown string: boom"],
    ["a number", 42, "thrown number: 42"],
    ["a symbol", Symbol("s"), "thrown symbol: Symbol(s)"],
    ["null", null, "thrown null"],
    ["undefined", undefined, "thrown undefined"],
    ["an object with a throwing getter", Object.defineProperty({}, "message", { get: () => { throw new Error("x"); } }), "thrown value that cannot be described"],
    ["an object whose toString throws", { toString: () => { throw new Error("x"); } }, "thrown value that cannot be described"],
  ];
  for (const [what, thrown, text] of cases) {
    it(`describes ${what} as ${JSON.stringify(text)}`, () => {
      expect(describeDeliveryError(thrown)).to.equal(text);
    });
  }

  it("uses the caller's describer, and a fixed text when it throws or returns a non-string", () => {
    expect(describeDeliveryError(new Error("token=abc"), () => "scrubbed")).to.equal("scrubbed");
    expect(describeDeliveryError(new Error("token=abc"), () => { throw new Error("token=abc"); })).to.equal(UNDESCRIBABLE_ERROR);
    expect(describeDeliveryError(new Error("token=abc"), () => 7 as unknown as string)).to.equal(UNDESCRIBABLE_ERROR);
  });
});

describe("outcomeEvents", () => {
  const records = [record(0), record(1), record(2)];
  const describe = (err: unknown) => `described ${(err as Error).message}`;

  it("fails the whole batch when reading the result throws", () => {
    const hostile = Object.defineProperty({}, "failed", { get: () => { throw new Error("getter"); } });
    const expected: DeliveryEvent[] = [{ kind: "failed", records, error: "described getter" }];
    expect(outcomeEvents(records, hostile, describe, recordWeight)).to.deep.equal(expected);
  });

  it("counts a non-array failed field as fully delivered", () => {
    expect(outcomeEvents(records, { failed: "all" }, describe, recordWeight)).to.deep.equal([{ kind: "delivered", count: 3 }]);
  });

  it("copies the failed list, so a deliver that reuses its array cannot change the event", () => {
    const failedList = [record(1)];
    const events = outcomeEvents(records, { failed: failedList, error: "HTTP 400" }, describe, recordWeight);
    failedList.length = 0;
    expect(events).to.deep.equal([
      { kind: "failed", records: [record(1)], error: "HTTP 400" },
      { kind: "delivered", count: 2 },
    ]);
  });
});
