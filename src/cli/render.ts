/**
 * What `flowlog pretty` writes for a record and for a raw line, in each output format. The
 * record formats are the sinks' own (the public formatters of flowlog), so a converted file is
 * byte for byte what the file sink of that format would have written.
 */
import { CSV_HEADER, escapeControl, formatterFor, formatTerminal, type LogRecord } from "../index.js";

/** `terminal` is the default: short, aligned, coloured lines; the others are the file formats. */
export const OUTPUT_FORMATS = ["terminal", "text", "json", "csv", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Renderer {
  /** Written once before the first line (the CSV header), or "". */
  readonly header: string;
  readonly record: (record: LogRecord) => string;
  /** A line that is not a record: shown as it is. */
  readonly raw: (line: string) => string;
}

export function isOutputFormat(name: string): name is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(name);
}

/**
 * The renderer of a format. Raw lines are written unchanged, except on the terminal format,
 * where control characters are shown as escapes (`\x1b`) like every other text from a log:
 * a terminal executes what it is sent.
 */
export function rendererFor(format: OutputFormat, colors: boolean): Renderer {
  if (format === "terminal") {
    const options = { colors };
    return { header: "", record: (record) => formatTerminal(record, options), raw: (line) => `${escapeControl(line)}\n` };
  }
  const formatter = formatterFor(format);
  return { header: format === "csv" ? CSV_HEADER : "", record: formatter, raw: (line) => `${line}\n` };
}
