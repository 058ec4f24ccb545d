/**
 * The picture `flowlog stats` prints, from the aggregated Stats. Pure: the width, the number of
 * rows and whether to colour are parameters.
 *
 * ```
 * 12,345 records, 2026-11-24 09:00:03Z .. 2026-11-24 17:42:10Z (3 other lines)
 *
 * Levels
 *   DEBUG     ██████████████████████████▌  5,000   40.5%
 *   ...
 * Records per minute, 09:00 .. 17:42 UTC (a column is 9 minutes; peak 312 in 12:03)
 *   ▁▂▃▅▇█▇▅▃▂▁▁▂▃
 * ```
 */
import { escapeControl, LEVEL_NAMES, paintLevel } from "../index.js";
import { barChart, count, sparkline } from "./charts.js";
import { busiestMinutes, minuteSeries, type Stats } from "./stats-aggregate.js";

export interface StatsReportOptions {
  /** Columns available (the terminal's width, or 80). */
  readonly width: number;
  readonly colors: boolean;
  /** Rows in the logger, minute and message lists. */
  readonly top: number;
}

/** Longest message shown in the list before it is cut with "…". */
const MESSAGE_WIDTH_MIN = 20;

export function renderStats(stats: Stats, options: StatsReportOptions): string {
  const width = Math.max(40, options.width);
  const barWidth = Math.max(10, Math.min(50, width - 40));
  const out: string[] = [summaryLine(stats), ""];
  if (stats.records === 0) return `${out.join("\n")}\n`;

  out.push("Levels");
  const levelRows = LEVEL_NAMES.filter((name) => (stats.levels.get(name) ?? 0) > 0).map((name) => ({
    label: name,
    value: stats.levels.get(name) ?? 0,
    ...(options.colors ? { paint: (text: string) => paintLevel(name, text) } : {}),
  }));
  out.push(...barChart(levelRows, stats.records, barWidth), "");

  const loggers = stats.loggers.top(options.top);
  out.push(`Loggers${heading(stats.loggers.size, options.top, stats.loggers.approximate)}`);
  out.push(...barChart(loggers.map(([name, value]) => ({ label: name === "" ? "(none)" : name, value })), stats.records, barWidth), "");

  const series = minuteSeries(stats.perMinute);
  if (series.counts.length > 0) {
    const spark = sparkline(series.counts, width - 4);
    const [peakMinute, peak] = busiestMinutes(stats.perMinute, 1)[0];
    const column = spark.perColumn === 1 ? "a column is a minute" : `a column is ${spark.perColumn} minutes`;
    out.push(`Records per minute, ${minuteText(series.start)} .. ${minuteText(series.start + (series.counts.length - 1) * 60_000)} UTC (${column}; peak ${count(peak)} at ${minuteText(peakMinute)})`);
    out.push(`  ${spark.line}`, "");
    out.push("Busiest minutes");
    const busiest = busiestMinutes(stats.perMinute, options.top);
    const countWidth = Math.max(...busiest.map(([, n]) => count(n).length));
    out.push(...busiest.map(([minute, n]) => `  ${minuteText(minute)}  ${count(n).padStart(countWidth)}`), "");
  }

  const messages = stats.messages.top(options.top);
  out.push(`Most frequent messages${heading(stats.messages.size, options.top, stats.messages.approximate)}`);
  const countWidth = Math.max(...messages.map(([, n]) => count(n).length));
  const textWidth = Math.max(MESSAGE_WIDTH_MIN, width - countWidth - 6);
  out.push(...messages.map(([message, n]) => `  ${count(n).padStart(countWidth)}  ${oneLine(message, textWidth)}`));
  return `${out.join("\n")}\n`;
}

function summaryLine(stats: Stats): string {
  const span = Number.isNaN(stats.first) ? "" : `, ${timeText(stats.first)} .. ${timeText(stats.last)}`;
  const other = stats.otherLines > 0 ? ` (${count(stats.otherLines)} other line${stats.otherLines === 1 ? "" : "s"})` : "";
  return `${count(stats.records)} record${stats.records === 1 ? "" : "s"}${span}${other}`;
}

/** " (top 10 of 42)" when there are more than shown; notes counts that are lower bounds. */
function heading(size: number, top: number, approximate: boolean): string {
  const parts: string[] = [];
  if (size > top) parts.push(`top ${top} of ${approximate ? "more than " : ""}${count(size)}`);
  if (approximate) parts.push("counts are at least these: too many distinct values to count them all");
  return parts.length === 0 ? "" : ` (${parts.join("; ")})`;
}

/** "2026-11-24 09:12" (UTC). */
function minuteText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** "2026-11-24 09:12:54Z". */
function timeText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/** A message on one line (controls and newlines shown as escapes), cut with "…" past `max` characters. */
function oneLine(message: string, max: number): string {
  const flat = escapeControl(message.length > max * 2 ? message.slice(0, max * 2) : message);
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
