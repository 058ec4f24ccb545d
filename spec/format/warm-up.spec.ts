import { expect } from "chai";
import { formatCsv, formatJson, formatText, type Format } from "../../src/format/index.js";
import { warmUpEncoder, WARM_UP_SAMPLE } from "../../src/format/warm-up.js";

describe("format/warmUpEncoder (a file sink's encoder compiled when it connects)", () => {
  it("runs each encoded format's whole line for its sample: as many bytes as the format's text of it", () => {
    const formats: ReadonlyArray<[Format, (record: typeof WARM_UP_SAMPLE) => string]> = [
      ["json", formatJson],
      ["text", formatText],
      ["csv", formatCsv],
    ];
    for (const [format, formatter] of formats) {
      expect(warmUpEncoder(format), format).to.equal(Buffer.byteLength(formatter(WARM_UP_SAMPLE)));
    }
  });

  it("markdown has no encoder: nothing is run", () => {
    expect(warmUpEncoder("markdown")).to.equal(-1);
  });
});
