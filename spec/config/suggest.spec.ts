import { expect } from "chai";
import { didYouMean, editDistance } from "../../src/config/suggest.js";

describe("did you mean", () => {
  const distances: Array<[string, string, number]> = [
    ["", "", 0], ["abc", "", 3], ["", "abc", 3], ["kitten", "sitting", 3], ["file_jsn", "file_json", 1], ["colour", "colors", 2],
  ];
  for (const [a, b, d] of distances) {
    it(`editDistance(${JSON.stringify(a)}, ${JSON.stringify(b)}) = ${d}`, () => {
      expect(editDistance(a, b)).to.equal(d);
      expect(editDistance(b, a)).to.equal(d);
    });
  }

  const known = ["enabled", "min_level", "path", "max_bytes", "backup_count"];
  const suggestions: Array<[string, string | undefined]> = [
    ["enabeld", "enabled"],
    ["minLevel", "min_level"],
    ["MIN-LEVEL", "min_level"],
    ["pth", "path"],
    ["max_byte", "max_bytes"],
    ["backups", undefined],
    ["colour", undefined],
    ["x", undefined],
  ];
  for (const [given, expected] of suggestions) {
    it(`${given} -> ${String(expected)}`, () => expect(didYouMean(given, known)).to.equal(expected));
  }
});
