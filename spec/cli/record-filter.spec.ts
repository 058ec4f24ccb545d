import { expect } from "chai";
import { makeFilter, parseTimeBound } from "../../src/cli/record-filter.js";
import { UsageError } from "../../src/cli/usage.js";
import type { LogRecord } from "../../src/index.js";

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

function rec(over: Partial<LogRecord> = {}): LogRecord {
  return { time: NOW - 60_000, level: "ERROR", levelno: 40, logger: "api", msg: "Database query timed out", ...over };
}

describe("cli/record-filter makeFilter", () => {
  it("with no option, everything passes", () => {
    const filter = makeFilter({}, NOW);
    expect(filter.acceptsRecord(rec())).to.equal(true);
    expect(filter.acceptsRaw("anything")).to.equal(true);
  });

  it("--level keeps records at or above it, by name in any case or number", () => {
    for (const level of ["warning", "WARNING", "30"]) {
      const filter = makeFilter({ level }, NOW);
      expect(filter.acceptsRecord(rec({ level: "WARNING", levelno: 30 })), level).to.equal(true);
      expect(filter.acceptsRecord(rec({ level: "ERROR", levelno: 40 })), level).to.equal(true);
      expect(filter.acceptsRecord(rec({ level: "WEBHOOK", levelno: 28 })), level).to.equal(false);
    }
  });

  it("--logger keeps the named loggers only", () => {
    const filter = makeFilter({ logger: ["api", "worker"] }, NOW);
    expect(filter.acceptsRecord(rec({ logger: "worker" }))).to.equal(true);
    expect(filter.acceptsRecord(rec({ logger: "api.child" }))).to.equal(false);
  });

  it("--grep tests the record's text line (message, extra, level) and a raw line as it is", () => {
    const filter = makeFilter({ grep: "timed? ?out|user_id\":7" }, NOW);
    expect(filter.acceptsRecord(rec())).to.equal(true);
    expect(filter.acceptsRecord(rec({ msg: "ok", extra: { user_id: 7 } }))).to.equal(true);
    expect(filter.acceptsRecord(rec({ msg: "ok" }))).to.equal(false);
    expect(filter.acceptsRaw("a raw line that timed out")).to.equal(true);
    expect(filter.acceptsRaw("a raw line")).to.equal(false);
  });

  it("--since is inclusive, --until exclusive; a raw line has no time and is kept", () => {
    const filter = makeFilter({ since: "2026-11-24T11:00:00Z", until: "2026-11-24T11:30:00Z" }, NOW);
    expect(filter.acceptsRecord(rec({ time: Date.UTC(2026, 10, 24, 11) }))).to.equal(true);
    expect(filter.acceptsRecord(rec({ time: Date.UTC(2026, 10, 24, 11, 30) }))).to.equal(false);
    expect(filter.acceptsRecord(rec({ time: Date.UTC(2026, 10, 24, 10, 59, 59, 999) }))).to.equal(false);
    expect(filter.acceptsRecord(rec({ time: Number.NaN }))).to.equal(false);
    expect(filter.acceptsRaw("no time here")).to.equal(true);
  });

  it("bad options are usage errors naming the option", () => {
    expect(() => makeFilter({ level: "LOUD" }, NOW)).to.throw(UsageError, /--level: expected a level .* got "LOUD"/);
    expect(() => makeFilter({ grep: "(" }, NOW)).to.throw(UsageError, /--grep: not a valid regular expression/);
    expect(() => makeFilter({ since: "yesterday" }, NOW)).to.throw(UsageError, /--since: expected an ISO time/);
    expect(() => makeFilter({ until: "5 minutes" }, NOW)).to.throw(UsageError, /--until:/);
  });
});

describe("cli/record-filter parseTimeBound", () => {
  const cases: [string, number][] = [
    ["15m", NOW - 15 * 60_000],
    ["2h", NOW - 2 * 3_600_000],
    ["1d", NOW - 86_400_000],
    ["90s", NOW - 90_000],
    ["500ms", NOW - 500],
    ["1.5h", NOW - 5_400_000],
    ["2026-11-24", Date.UTC(2026, 10, 24)],
    ["2026-11-24T09:12:54Z", Date.UTC(2026, 10, 24, 9, 12, 54)],
    ["2026-11-24T09:12:54.5", Date.UTC(2026, 10, 24, 9, 12, 54, 500)],
    ["2026-11-24T09:12:54+02:00", Date.UTC(2026, 10, 24, 7, 12, 54)],
  ];
  for (const [text, expected] of cases) {
    it(`${text}`, () => expect(parseTimeBound(text, NOW, "--since")).to.equal(expected));
  }
});
