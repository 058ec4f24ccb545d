import { expect } from "chai";
import { Level, LEVEL_NAMES, levelName, toLevelNumber, UnknownLevelError, FlowlogError, type LevelLike } from "../../src/index.js";

describe("levels", () => {
  it("are the nine levels of the seed, exactly", () => {
    expect({ ...Level }).to.deep.equal({
      DEBUG: 10, INFO: 20, AUDIT: 25, WEBHOOK: 28, WARNING: 30, SECURITY: 35, ERROR: 40, DEPLOY: 45, CRITICAL: 50,
    });
    expect(Object.isFrozen(Level)).to.equal(true);
    expect(LEVEL_NAMES).to.deep.equal(["DEBUG", "INFO", "AUDIT", "WEBHOOK", "WARNING", "SECURITY", "ERROR", "DEPLOY", "CRITICAL"]);
  });

  const accepted: Array<[unknown, number]> = [
    ["ERROR", 40], ["error", 40], ["Error", 40], [" warning ", 30], [40, 40], ["40", 40], [Level.WEBHOOK, 28], ["webhook", 28],
  ];
  for (const [given, expected] of accepted) {
    it(`accepts ${JSON.stringify(given)} as ${expected}`, () => {
      expect(toLevelNumber(given as LevelLike)).to.equal(expected);
    });
  }

  const rejected: unknown[] = ["LOUD", "", 33, 0, -10, 40.5, "4O", null, undefined, {}, "__proto__", "constructor"];
  for (const given of rejected) {
    it(`rejects ${String(JSON.stringify(given))} with an UnknownLevelError`, () => {
      expect(() => toLevelNumber(given as LevelLike)).to.throw(UnknownLevelError, /unknown level/);
      try {
        toLevelNumber(given as LevelLike);
      } catch (error) {
        expect(error).to.be.instanceOf(FlowlogError);
        expect((error as FlowlogError).code).to.equal("FLOWLOG_UNKNOWN_LEVEL");
      }
    });
  }

  it("names a level number", () => {
    expect(levelName(35)).to.equal("SECURITY");
    expect(levelName(36)).to.equal(undefined);
  });
});
