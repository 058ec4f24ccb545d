import { expect } from "chai";
import { truncate } from "../../src/core/truncate.js";

describe("format/truncate", () => {
  const cases: [string, string, number, string][] = [
    ["fits", "abc", 3, "abc"],
    ["cut", "abcdef", 3, "abc…[+3 chars]"],
    ["a pair at the cut is kept whole", "ab😀cd", 3, "ab…[+4 chars]"],
    ["a pair before the cut", "😀cd", 2, "😀…[+2 chars]"],
  ];
  for (const [name, text, max, expected] of cases) {
    it(name, () => {
      expect(truncate(text, max)).to.equal(expected);
    });
  }
});
