import { expect } from "chai";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { checkNumberOption } from "../../src/sinks/check-option.js";

describe("sinks/check-option: one check for every sink's numeric options", () => {
  it("a number that follows the rule comes back as it is", () => {
    expect(checkNumberOption(0, "FileSink backups", { min: 0, integer: true })).to.equal(0);
    expect(checkNumberOption(5, "FileSink maxBytes", { min: 1, integer: true })).to.equal(5);
    expect(checkNumberOption(0.25, "DiscordSink batchMs", { min: 0, integer: false })).to.equal(0.25);
  });

  it("below the minimum, not whole, NaN or Infinity: a FlowlogSinkError naming the option, the rule and the value", () => {
    expect(() => checkNumberOption(0, "FileSink maxBytes", { min: 1, integer: true })).to.throw(FlowlogSinkError, "FileSink maxBytes must be an integer >= 1, got 0");
    expect(() => checkNumberOption(1.5, "FileSink backups", { min: 0, integer: true })).to.throw(FlowlogSinkError, "FileSink backups must be a non-negative integer, got 1.5");
    expect(() => checkNumberOption(-1, "X batchMs", { min: 0, integer: false })).to.throw(FlowlogSinkError, "X batchMs must be a number >= 0, got -1");
    expect(() => checkNumberOption(Number.NaN, "X batchMs", { min: 0, integer: false })).to.throw(FlowlogSinkError, "got NaN");
    expect(() => checkNumberOption(Number.POSITIVE_INFINITY, "X maxBytes", { min: 1, integer: true })).to.throw(FlowlogSinkError, "got Infinity");
    expect(() => checkNumberOption(Number.POSITIVE_INFINITY, "X batchMs", { min: 0, integer: false })).to.throw(FlowlogSinkError, "got Infinity");
  });
});
