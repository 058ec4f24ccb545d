/**
 * What the orchestrator (bench/run.ts), the case runner (bench/case.ts) and the per-logger
 * modules (bench/loggers/*.ts) share: the logger interface, the case names, the result line
 * format, and small helpers (line counting, percentiles, medians).
 */
import * as fs from "node:fs";

/** The loggers compared, in the order tables list them. */
export const LOGGER_IDS = ["flowlog", "pino-async", "pino-sync", "winston"] as const;
export type LoggerId = (typeof LOGGER_IDS)[number];

export const LOGGER_LABELS: Record<LoggerId, string> = {
  flowlog: "flowlog",
  "pino-async": "pino 10 (async destination)",
  "pino-sync": "pino 10 (sync)",
  winston: "winston 3",
};

/**
 * One measurement, one fresh process:
 * - throughput: N records to one NDJSON file, until flushed and counted (also gives peak RSS);
 * - latency: the same N records, each call timed alone with process.hrtime.bigint();
 * - disabled: debug() calls below every threshold, ns per call;
 * - fanout: throughput to three files at once (json + text + csv); flowlog only;
 * - syslog: throughput over TCP to a local rsyslogd (octet counting), until rsyslog has written
 *   every record to its file; flowlog only, skipped when rsyslogd is not installed.
 */
export const CASE_IDS = ["throughput", "latency", "disabled", "fanout", "syslog", "otel"] as const;
export type CaseId = (typeof CASE_IDS)[number];

export interface SetupOptions {
  /** Records the case will log at INFO, so the file(s) must end with this many (0 in the disabled case). */
  readonly records: number;
  /** Three sinks at once (json + text + csv) instead of one NDJSON file. */
  readonly fanout: boolean;
  /** Ship to the rsyslogd listening on this TCP port instead of writing a file (the syslog case). */
  readonly syslogPort?: number;
  /** The otel case: ship to this OTLP/HTTP endpoint through the SDK (sinks.otlp) instead of a file. */
  readonly otlpEndpoint?: string;
}

/** A file the logger writes, and how many lines beyond one per record it holds (a CSV header). */
export interface OutputFile {
  readonly path: string;
  readonly format: "json" | "text" | "csv";
  readonly headerLines: number;
}

export interface SetupResult {
  readonly files: readonly OutputFile[];
}

/**
 * The one interface every compared logger is driven through. `log(i)` logs the i-th record at
 * INFO: msg "request handled", fields { route, status, duration_ms: i % 100, user_id: i }.
 * `disabledLog(i)` makes the same call at DEBUG, below every sink's threshold.
 */
export interface BenchLogger {
  setup(dir: string, options: SetupOptions): Promise<SetupResult>;
  log(i: number): void;
  disabledLog(i: number): void;
  /** Resolves once everything logged is written (flushed, closed); may return a delivery check. */
  finish(): Promise<FinishCheck | void>;
}

/** What a logger may tell about its own delivery (flowlog's report): a mismatch fails the case. */
export interface FinishCheck {
  readonly ok: boolean;
  readonly detail: string;
  readonly data?: unknown;
}

/** The line a case prints on stdout (exactly one JSON object per case). */
export interface CaseResult {
  readonly kind: "flowlog-bench-result";
  readonly case: CaseId;
  readonly logger: LoggerId;
  readonly ok: boolean;
  /** Why the case failed (line count wrong, report mismatch, exception). */
  readonly error?: string;
  /** ms from process start to the first timed call: node + tsx + imports + setup (never timed). */
  readonly startup_ms: number;
  readonly metrics: Record<string, number | string | boolean | null>;
  readonly check?: unknown;
}

export const RESULT_KIND = "flowlog-bench-result";

/** The fields of the i-th record; every logger builds exactly this object per call. */
export const MESSAGE = "request handled";
export const ROUTE = "/api/items";

/** Counts "\n" bytes of a file in 1 MiB chunks (no whole-file string, so RSS is not disturbed). */
export function countLines(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return 0;
  }
  const buffer = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  try {
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      let at = buffer.indexOf(10, 0);
      while (at !== -1 && at < read) {
        lines++;
        at = buffer.indexOf(10, at + 1);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

/** The last line of a file (read from its tail), without its line ending; "" for an empty file. */
export function lastLine(file: string): string {
  const size = fs.statSync(file).size;
  if (size === 0) return "";
  const length = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, buffer, 0, length, size - length);
  } finally {
    fs.closeSync(fd);
  }
  const text = buffer.toString("utf8").replace(/\r?\n$/, "");
  return text.slice(text.lastIndexOf("\n") + 1);
}

/** Nearest-rank percentile of an ascending-sorted array (p in 0..1). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1];
}

export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

/** `--name value` / `--name=value` / `--flag` arguments into a map. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf("=");
    if (eq !== -1) {
      args.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
      args.set(arg.slice(2), argv[++i]);
    } else {
      args.set(arg.slice(2), "true");
    }
  }
  return args;
}

/** A positive integer argument; accepts `200000`, `200_000`, `200k`, `10M`. */
export function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(raw.replaceAll("_", ""));
  const scale = match?.[2] ? (match[2].toLowerCase() === "k" ? 1e3 : 1e6) : 1;
  const value = match ? Math.round(Number(match[1]) * scale) : Number.NaN;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}
