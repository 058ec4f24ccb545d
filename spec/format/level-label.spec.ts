import { expect } from "chai";
import { paddedLevel } from "../../src/format/level-label.js";

describe("format/level-label paddedLevel", () => {
  const cases: [string, string][] = [
    ["DEBUG", "DEBUG   "],
    ["INFO", "INFO    "],
    ["SECURITY", "SECURITY"],
    ["CRITICAL", "CRITICAL"],
    ["x\x1b", "x\\x1b   "],
  ];
  for (const [level, expected] of cases) {
    it(`${JSON.stringify(level)} -> ${JSON.stringify(expected)}`, () => {
      expect(paddedLevel(level)).to.equal(expected);
    });
  }
});
