import { expect } from "chai";
import { StatsAggregator } from "../../src/cli/stats-aggregate.js";
import { renderStats } from "../../src/cli/stats-report.js";
import type { LogRecord } from "../../src/index.js";

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

function statsOf(records: Partial<LogRecord>[]) {
  const aggregator = new StatsAggregator();
  for (const over of records) aggregator.add({ time: T0, level: "INFO", levelno: 20, logger: "api", msg: "ok", ...over });
  return aggregator.result();
}

describe("cli/stats-report renderStats", () => {
  const stats = statsOf([
    { msg: "request handled" },
    { msg: "request handled", time: T0 + 60_000 },
    { msg: "request handled", time: T0 + 60_000 },
    { level: "ERROR", levelno: 40, logger: "db", msg: "slow query\x1b[2J", time: T0 + 120_000 },
  ]);

  it("draws the summary, level bars, loggers, the sparkline, busiest minutes and messages", () => {
    expect(renderStats(stats, { width: 50, colors: false, top: 2 })).to.equal(
      [
        "4 records, 2026-11-24 09:00:00Z .. 2026-11-24 09:02:00Z",
        "",
        "Levels",
        "  INFO   ██████████  3   75.0%",
        "  ERROR  ███▍        1   25.0%",
        "",
        "Loggers",
        "  api  ██████████  3   75.0%",
        "  db   ███▍        1   25.0%",
        "",
        "Records per minute, 2026-11-24 09:00 .. 2026-11-24 09:02 UTC (a column is a minute; peak 2 at 2026-11-24 09:01)",
        "  ▄█▄",
        "",
        "Busiest minutes",
        "  2026-11-24 09:01  2",
        "  2026-11-24 09:00  1",
        "",
        "Most frequent messages",
        "  3  request handled",
        "  1  slow query\\x1b[2J",
        "",
      ].join("\n"),
    );
  });

  it("colours the level bars like the terminal's levels only when asked", () => {
    const coloured = renderStats(stats, { width: 50, colors: true, top: 2 });
    expect(coloured).to.include("\x1b[32mINFO ");
    expect(coloured).to.include("\x1b[31m███▍\x1b[39m");
    expect(renderStats(stats, { width: 50, colors: false, top: 2 })).not.to.include("\x1b[");
  });

  it("says how many there are when the lists are cut, and nothing more for an empty input", () => {
    expect(renderStats(stats, { width: 50, colors: false, top: 1 })).to.include("Loggers (top 1 of 2)");
    expect(renderStats(statsOf([]), { width: 50, colors: false, top: 1 })).to.equal("0 records\n\n");
  });
});
