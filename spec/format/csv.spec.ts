import { expect } from "chai";
import fc from "fast-check";
import { CSV_COLUMNS, CSV_HEADER, csvCell, formatCsv } from "../../src/format/csv.js";
import { isoTime } from "../../src/format/time.js";
import type { LogRecord } from "../../src/core/record.js";
import { parseCsv } from "./csv-parse.js";
import { hostileRecord, isWellFormed, PROPERTY_RUNS, rec } from "./fixtures.js";

const PREFIX = "2026-11-24T09:12:54.123Z,ERROR,40,myapp,";

/** Characters a spreadsheet runs at the start of a cell. */
const DANGEROUS = new Set(["=", "+", "-", "@", "\t", "\r"]);
const SPACES = /^[\u0020\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]*/;

/** Every line of a cell (split at each CR and LF) that would start a formula begins with `'`. */
function assertInert(cell: string): void {
  const lines = cell.split(/[\r\n]/);
  for (const line of lines) {
    const first = line.replace(SPACES, "")[0];
    if (first !== undefined && DANGEROUS.has(first)) expect(line[0], JSON.stringify(cell)).to.equal("'");
  }
  // The cell's own first character, CR and TAB included, is never dangerous.
  if (cell.length > 0) expect(DANGEROUS.has(cell.replace(SPACES, "")[0] ?? "")).to.equal(false);
}

describe("format/csv", () => {
  it("writes the time cell as the ISO time, with the formula guard when a sign leads it (years past 9999 or before 0)", () => {
    const cells = (time: number) => parseCsv(formatCsv(rec({ time })))[0];
    expect(cells(Date.UTC(2026, 10, 24, 9, 12, 54, 123))[0]).to.equal("2026-11-24T09:12:54.123Z");
    expect(cells(8.64e15)[0]).to.equal("'+275760-09-13T00:00:00.000Z");
    expect(cells(Date.UTC(-1, 0, 1))[0]).to.equal("'-000001-01-01T00:00:00.000Z");
    expect(cells(Number.NaN)[0]).to.equal(isoTime(Number.NaN));
    for (const level of ["ERROR", "DEBUG", "=cmd"]) expect(parseCsv(formatCsv(rec({ level: level as LogRecord["level"] })))[0][1]).to.equal(csvCell(level));
  });

  it("has seven columns and a CRLF header", () => {
    expect(CSV_COLUMNS).to.deep.equal(["time", "level", "levelno", "logger", "msg", "extra", "exc"]);
    expect(CSV_HEADER).to.equal("time,level,levelno,logger,msg,extra,exc\r\n");
  });

  describe("formatCsv", () => {
    const cases: [string, LogRecord, string][] = [
      [
        "the product page's example",
        rec({ extra: { timeout_ms: 5000 } }),
        `${PREFIX}Database query timed out,"{""timeout_ms"":5000}",\r\n`,
      ],
      ["no extra, no exc: empty cells", rec({ msg: "m" }), `${PREFIX}m,,\r\n`],
      ["a comma quotes the cell", rec({ msg: "a,b" }), `${PREFIX}"a,b",,\r\n`],
      ["quotes are doubled", rec({ msg: 'say "hi"' }), `${PREFIX}"say ""hi""",,\r\n`],
      ["an embedded LF stays in the quoted cell", rec({ msg: "a\nb" }), `${PREFIX}"a\nb",,\r\n`],
      ["an embedded CRLF stays in the quoted cell", rec({ msg: "a\r\nb" }), `${PREFIX}"a\r\nb",,\r\n`],
      ["lone surrogates become U+FFFD", rec({ msg: "\ud800x\udfff" }), `${PREFIX}\ufffdx\ufffd,,\r\n`],
      ["a valid pair is kept, unquoted", rec({ msg: "ok 😀" }), `${PREFIX}ok 😀,,\r\n`],
      ["control characters are data, kept", rec({ msg: "a\x1bb" }), `${PREFIX}a\x1bb,,\r\n`],
      ["a formula logger", rec({ logger: "=1+1", msg: "m" }), "2026-11-24T09:12:54.123Z,ERROR,40,'=1+1,m,,\r\n"],
      [
        "exc as JSON text",
        rec({ msg: "m", exc: { type: "TypeError", message: "boom" } }),
        `${PREFIX}m,,"{""type"":""TypeError"",""message"":""boom""}"\r\n`,
      ],
      ["levelno is a plain number", rec({ level: "CRITICAL", msg: "m" }), "2026-11-24T09:12:54.123Z,CRITICAL,50,myapp,m,,\r\n"],
      ["an extended year starting with + is neutralised", rec({ time: 8.64e15, msg: "m" }), "'+275760-09-13T00:00:00.000Z,ERROR,40,myapp,m,,\r\n"],
    ];
    for (const [name, record, expected] of cases) {
      it(name, () => {
        expect(formatCsv(record)).to.equal(expected);
      });
    }
  });

  describe("csvCell: formula injection (OWASP)", () => {
    const cases: [string, string][] = [
      ["=1+1", "'=1+1"],
      ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
      ["+1", "'+1"],
      ["-1", "'-1"],
      ["-5", "'-5"],
      ["@SUM(A1)", "'@SUM(A1)"],
      ["@everyone", "'@everyone"],
      ["\t=1", "'\t=1"],
      ["\tplain", "'\tplain"],
      ["\r=1", `"'\r'=1"`],
      ["  =1", "'  =1"],
      ["\u00a0=1", "'\u00a0=1"],
      [" \u00a0 @x", "' \u00a0 @x"],
      ["\u3000+1", "'\u3000+1"],
      ["\ufeff=1", "'\ufeff=1"],
      ["a\n=1", `"a\n'=1"`],
      ["a\r\n=1", `"a\r\n'=1"`],
      ["a\r=1", `"a\r'=1"`],
      ["a\n  -1", `"a\n'  -1"`],
      ["a\n\u00a0@x", `"a\n'\u00a0@x"`],
      ["=a\n=b", `"'=a\n'=b"`],
      ["=1,2", `"'=1,2"`],
      ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
      ["a\n\n+1", `"a\n\n'+1"`],
      ["a\r\r+1", `"a\r'\r'+1"`],
      ["1-1", "1-1"],
      ["a=1", "a=1"],
      ["a\nb=1", `"a\nb=1"`],
      ["", ""],
      ["   ", "   "],
      ["'=1", "'=1"],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
        expect(csvCell(input)).to.equal(expected);
        const cell = parseCsv(`${expected}\r\n`)[0][0];
        assertInert(cell);
      });
    }
  });

  it("parses strictly to one 7-cell row per record with no cell a spreadsheet would run, for any hostile records", () => {
    fc.assert(
      fc.property(fc.array(hostileRecord, { minLength: 1, maxLength: 5 }), (records) => {
        const text = CSV_HEADER + records.map(formatCsv).join("");
        expect(isWellFormed(text)).to.equal(true);
        const rows = parseCsv(text);
        expect(rows.length).to.equal(records.length + 1);
        expect(rows[0]).to.deep.equal([...CSV_COLUMNS]);
        records.forEach((record, i) => {
          const row = rows[i + 1];
          expect(row.length).to.equal(7);
          for (const cell of row) assertInert(cell);
          const time = isoTime(record.time);
          expect(row[0]).to.equal(DANGEROUS.has(time[0]) ? `'${time}` : time);
          expect(row[1]).to.equal(record.level);
          expect(row[2]).to.equal(String(record.levelno));
          // Only `'` is ever added: without them, the cell is the message itself (surrogates fixed).
          const wellFormedMsg = (record.msg as unknown as { toWellFormed(): string }).toWellFormed();
          expect(row[4].replaceAll("'", "")).to.equal(wellFormedMsg.replaceAll("'", ""));
          expect(row[5] === "").to.equal(record.extra === undefined);
          if (record.exc !== undefined) expect(JSON.parse(row[6])).to.deep.equal(JSON.parse(JSON.stringify(record.exc)));
        });
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
