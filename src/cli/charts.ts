/**
 * Terminal drawings for `flowlog stats`: horizontal bars and a sparkline, from Unicode block
 * characters. Pure: numbers in, strings out; colour is a function the caller passes.
 */

/** Eighths of a block, for bars drawn to 1/8 of a character. */
const PARTIAL_BLOCKS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
const FULL_BLOCK = "█";
/** Eight heights, lowest first. */
const SPARKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/** A bar `value / max` of `width` characters, to the nearest eighth; at least a sliver when value > 0. */
export function bar(value: number, max: number, width: number): string {
  if (!(value > 0) || !(max > 0) || width <= 0) return "";
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return FULL_BLOCK.repeat(Math.floor(eighths / 8)) + PARTIAL_BLOCKS[eighths % 8];
}

export interface BarRow {
  readonly label: string;
  readonly value: number;
  /** Colours the label and the bar (identity when colours are off). */
  readonly paint?: (text: string) => string;
}

/**
 * One line per row: the label padded, the bar (longest = `barWidth`), the count and its share
 * of `total`: `  ERROR     ████████▌            1,234  12.3%`.
 */
export function barChart(rows: readonly BarRow[], total: number, barWidth: number): string[] {
  if (rows.length === 0) return [];
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const max = Math.max(...rows.map((row) => row.value));
  const countWidth = Math.max(...rows.map((row) => count(row.value).length));
  return rows.map((row) => {
    const paint = row.paint ?? ((text: string) => text);
    const drawn = bar(row.value, max, barWidth);
    const share = total > 0 ? `${((row.value / total) * 100).toFixed(1)}%` : "";
    return `  ${paint(row.label.padEnd(labelWidth))}  ${paint(drawn)}${" ".repeat(barWidth - drawn.length)}  ${count(row.value).padStart(countWidth)}  ${share.padStart(6)}`.trimEnd();
  });
}

/**
 * The values as one line of `width` characters at most: when there are more values than
 * columns, each column sums a run of consecutive values (`perColumn` of them). Heights scale
 * to the largest column; a zero column is a space, any non-zero at least the lowest block.
 */
export function sparkline(values: readonly number[], width: number): { line: string; perColumn: number } {
  const perColumn = Math.max(1, Math.ceil(values.length / Math.max(1, width)));
  const columns: number[] = [];
  for (let i = 0; i < values.length; i += perColumn) {
    let sum = 0;
    for (let j = i; j < Math.min(values.length, i + perColumn); j++) sum += values[j];
    columns.push(sum);
  }
  const max = Math.max(0, ...columns);
  const line = columns.map((value) => (value <= 0 || max === 0 ? " " : SPARKS[Math.min(7, Math.floor((value / max) * 7.999))])).join("");
  return { line, perColumn };
}

/** 1234567 as "1,234,567". */
export function count(value: number): string {
  return value.toLocaleString("en-US");
}
