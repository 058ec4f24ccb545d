import { expect } from "chai";
import { CSV_HEADER, formatterFor, formatTerminal, type LogRecord } from "../../src/index.js";
import { isOutputFormat, OUTPUT_FORMATS, rendererFor } from "../../src/cli/render.js";

const RECORD: LogRecord = Object.freeze({ time: Date.UTC(2026, 0, 2, 3, 4, 5), level: "ERROR", levelno: 40, logger: "app", msg: "db down", extra: { id: 7 } });

describe("cli/render: what `flowlog pretty` writes for a record and for a raw line", () => {
  it("knows its five formats, terminal first (the default)", () => {
    expect(OUTPUT_FORMATS).to.deep.equal(["terminal", "text", "json", "csv", "markdown"]);
    expect(isOutputFormat("json")).to.equal(true);
    expect(isOutputFormat("yaml")).to.equal(false);
  });

  it("a record in a file format is byte for byte what that file sink writes; CSV starts with the sink's header", () => {
    for (const format of ["text", "json", "csv", "markdown"] as const) {
      const renderer = rendererFor(format, false);
      expect(renderer.record(RECORD), format).to.equal(formatterFor(format)(RECORD));
      expect(renderer.header, format).to.equal(format === "csv" ? CSV_HEADER : "");
    }
  });

  it("the terminal format uses the terminal sink's lines, coloured only when asked", () => {
    expect(rendererFor("terminal", true).record(RECORD)).to.equal(formatTerminal(RECORD, { colors: true }));
    expect(rendererFor("terminal", false).record(RECORD)).to.equal(formatTerminal(RECORD, { colors: false }));
    expect(rendererFor("terminal", false).record(RECORD)).to.not.include("\x1b");
  });

  it("a raw line is written as it is to a file format, but a terminal never gets its control characters", () => {
    const hostile = "not json \x1b]0;owned\x07 \x1b[2J";
    expect(rendererFor("text", false).raw(hostile)).to.equal(`${hostile}\n`);
    const shown = rendererFor("terminal", true).raw(hostile);
    expect(shown).to.not.include("\x1b").and.not.include("\x07");
    expect(shown).to.include("\\x1b").and.match(/\n$/);
  });
});
