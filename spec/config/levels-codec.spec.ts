import { expect } from "chai";
import { LevelFromNameOrNumber } from "../../src/config/levels-codec.js";
import { decodeUnder } from "./decode-text.js";

describe("LevelFromNameOrNumber", () => {
  const accepted: Array<[unknown, number]> = [
    ["DEBUG", 10], ["info", 20], ["Audit", 25], ["WEBHOOK", 28], ["warning", 30],
    ["SECURITY", 35], ["error", 40], ["DEPLOY", 45], ["critical", 50], [40, 40], ["40", 40], [" 25 ", 25],
  ];
  for (const [given, expected] of accepted) {
    it(`decodes ${JSON.stringify(given)} to ${expected}`, () => {
      expect(decodeUnder("min_level", LevelFromNameOrNumber, given)).to.deep.equal({ right: expected });
    });
  }

  const rejected: Array<[unknown, string]> = [
    ["LOUD", '"LOUD"'], [15, "15"], [42, "42"], ["42", '"42"'], ["", '""'], [true, "true"], [null, "null"], [["ERROR"], "a list"],
  ];
  for (const [given, shown] of rejected) {
    it(`rejects ${JSON.stringify(given)} naming what it expected`, () => {
      expect(decodeUnder("min_level", LevelFromNameOrNumber, given)).to.deep.equal({
        left: [`test: min_level: expected a level: one of DEBUG, INFO, AUDIT, WEBHOOK, WARNING, SECURITY, ERROR, DEPLOY, CRITICAL (any case; WARN and FATAL too) or 10, 20, 25, 28, 30, 35, 40, 45, 50, got ${shown}`],
      });
    });
  }

  it("is idempotent: a decoded level decodes to itself", () => {
    expect(LevelFromNameOrNumber.is(40)).to.equal(true);
    expect(LevelFromNameOrNumber.is(41)).to.equal(false);
    expect(LevelFromNameOrNumber.is("ERROR")).to.equal(false);
  });
});
