import { expect } from "chai";
import { LEVEL_NAMES } from "../../src/core/levels.js";
import { levelColor } from "../../src/format/level-color.js";

describe("format/level-color: one colour a level, for Discord embeds and the email headline", () => {
  it("every level has a colour of its own, a 24-bit RGB number", () => {
    const colors = LEVEL_NAMES.map((level) => levelColor(level));
    for (const color of colors) expect(color).to.be.a("number").within(0, 0xffffff);
    expect(new Set(colors).size).to.equal(LEVEL_NAMES.length);
  });

  it("worse is redder: ERROR is red, WARNING yellow, INFO blue", () => {
    expect(levelColor("ERROR")).to.equal(0xed4245);
    expect(levelColor("WARNING")).to.equal(0xfee75c);
    expect(levelColor("INFO")).to.equal(0x5865f2);
  });

  it("a level it does not know gets a neutral grey, not an error", () => {
    expect(levelColor("CUSTOM")).to.equal(0x99aab5);
  });
});
