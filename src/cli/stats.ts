/**
 * `flowlog stats [FILE...]`: what a log holds, drawn: records per level (bars coloured like the
 * levels), per logger, a sparkline of records per minute, the busiest minutes, the most
 * frequent messages. Reads flowlog's NDJSON and pino's shape, like `pretty`, in flat memory.
 */
import { wantsColor } from "../index.js";
import { readInputs } from "./inputs.js";
import { parseLine } from "./parse-line.js";
import { FILTER_HELP, FILTER_OPTIONS, makeFilter } from "./record-filter.js";
import { StatsAggregator, type Stats } from "./stats-aggregate.js";
import { renderStats } from "./stats-report.js";
import { EXIT, parseCommandLine, UsageError, type Command, type CommandIO } from "./usage.js";

const help = `Usage: flowlog stats [options] [FILE...]

Counts the records of log files (or stdin when no FILE is given) per level, per logger and
per minute, and draws them: a bar per level coloured like the level, a sparkline of records
per minute, the busiest minutes and the most frequent messages. Reads flowlog's NDJSON and
pino's shape; other lines are counted apart.

Options:
  --top N            rows in the logger, minute and message lists (default 10)
${FILTER_HELP}
  --json             the counts as JSON instead of the drawing
  --width N          columns to draw in (default: the terminal's width, else 80)
  --color, --no-color  force colours on or off (default: NO_COLOR, FORCE_COLOR, then the TTY)
  -h, --help         this help

Exit codes: 0 done, 1 a file could not be read, 2 usage error.

Examples:
  flowlog stats logs/app.ndjson
  flowlog stats logs/app.ndjson logs/app.ndjson.1 --since 1d --top 5`;

export const stats: Command = {
  summary: "counts per level, logger and minute, drawn: bars, a sparkline, the top messages",
  help,
  run: runStats,
};

async function runStats(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals: files } = parseCommandLine({
    args,
    allowPositionals: true,
    allowNegative: true,
    options: {
      top: { type: "string", default: "10" },
      ...FILTER_OPTIONS,
      json: { type: "boolean" },
      width: { type: "string" },
      color: { type: "boolean" },
    },
  });
  const top = wholeNumber(values.top, "--top", 1, 1000);
  const width = values.width === undefined ? ((io.stdout as { columns?: number }).columns ?? 80) : wholeNumber(values.width, "--width", 40, 1000);
  const filter = makeFilter(values, Date.now());
  const aggregator = new StatsAggregator();
  const status = await readInputs(files, io, (lines) => {
    for (const line of lines) {
      if (line === "") continue;
      const parsed = parseLine(line);
      if (parsed.kind === "raw") aggregator.addOtherLine();
      else if (filter.acceptsRecord(parsed.record)) aggregator.add(parsed.record);
    }
    return true;
  }, { command: "stats" });
  const result = aggregator.result();
  const text = values.json === true ? `${JSON.stringify(statsJson(result, top), null, 2)}\n` : renderStats(result, { width, top, colors: wantsColor(values.color ?? "auto", io.stdout, io.env) });
  await new Promise<void>((resolve) => io.stdout.write(text, () => resolve()));
  return status;
}

/** The counts as plain data, for scripts. */
function statsJson(result: Stats, top: number): Record<string, unknown> {
  const minutes = [...result.perMinute].sort((a, b) => a[0] - b[0]);
  return {
    records: result.records,
    other_lines: result.otherLines,
    first: Number.isNaN(result.first) ? null : new Date(result.first).toISOString(),
    last: Number.isNaN(result.last) ? null : new Date(result.last).toISOString(),
    levels: Object.fromEntries([...result.levels].filter(([, n]) => n > 0)),
    loggers: Object.fromEntries(result.loggers.top(top)),
    messages: result.messages.top(top).map(([message, count]) => ({ message, count })),
    per_minute: Object.fromEntries(minutes.map(([minute, count]) => [new Date(minute).toISOString(), count])),
    approximate: result.loggers.approximate || result.messages.approximate,
  };
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${option}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return value;
}
