import { expect } from "chai";
import * as format from "../../src/format/index.js";
import { formatCsv, formatJson, formatMarkdown, formatterFor, formatText, type Format } from "../../src/format/index.js";

describe("format/index", () => {
  const cases: [Format, (typeof format)["formatText"]][] = [
    ["text", formatText],
    ["json", formatJson],
    ["csv", formatCsv],
    ["markdown", formatMarkdown],
  ];
  for (const [name, formatter] of cases) {
    it(`formatterFor("${name}")`, () => {
      expect(formatterFor(name)).to.equal(formatter);
    });
  }

  it("falls back to text for a name that slipped past configuration", () => {
    expect(formatterFor("yaml" as Format)).to.equal(formatText);
    expect(formatterFor("__proto__" as Format)).to.equal(formatText);
  });

  it("re-exports every format and helper", () => {
    expect(Object.keys(format)).to.include.members(
      [
        "CONTINUATION", "CSV_COLUMNS", "CSV_HEADER", "INVALID_TIME", "TERMINAL_MAX_CHARS", "csvCell",
        "escapeControl", "escapeControlLines", "escapeHtml", "formatCsv", "formatJson", "formatMarkdown",
        "formatTerminal", "formatText", "formatterFor", "isoTime", "markdownInline", "needsEscape",
        "renderException", "toWellFormed", "truncate",
      ],
    );
  });
});
