import { expect } from "chai";
import { bar, barChart, count, sparkline } from "../../src/cli/charts.js";

describe("cli/charts", () => {
  it("bar: to the nearest eighth of a character; a sliver for any non-zero value; nothing for zero", () => {
    expect(bar(10, 10, 4)).to.equal("████");
    expect(bar(5, 10, 4)).to.equal("██");
    expect(bar(3, 16, 4)).to.equal("▊"); // 3/16 of 4 chars = 6 eighths
    expect(bar(1, 1_000_000, 10)).to.equal("▏");
    expect(bar(0, 10, 10)).to.equal("");
    expect(bar(20, 10, 3)).to.equal("███");
  });

  it("barChart: labels padded, bars scaled to the largest, counts right-aligned, share of the total", () => {
    const lines = barChart([{ label: "INFO", value: 1500 }, { label: "CRITICAL", value: 500 }], 2000, 8);
    expect(lines).to.deep.equal(["  INFO      ████████  1,500   75.0%", "  CRITICAL  ██▋         500   25.0%"]);
  });

  it("barChart: paint wraps the label and the bar, never the padding after the bar", () => {
    const [line] = barChart([{ label: "ERROR", value: 1, paint: (text) => `<${text}>` }], 1, 4);
    expect(line).to.equal("  <ERROR>  <████>  1  100.0%");
  });

  it("sparkline: one block per value scaled to the largest; zero is a space", () => {
    expect(sparkline([0, 1, 2, 4, 8], 10)).to.deep.equal({ line: " ▁▂▄█", perColumn: 1 });
  });

  it("sparkline: more values than columns sums runs of them", () => {
    expect(sparkline([1, 1, 0, 0, 4, 4], 3)).to.deep.equal({ line: "▂ █", perColumn: 2 });
    expect(sparkline([], 10)).to.deep.equal({ line: "", perColumn: 1 });
  });

  it("count: thousands separators", () => {
    expect(count(1234567)).to.equal("1,234,567");
  });
});
