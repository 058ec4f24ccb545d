/**
 * One benchmark case in this (fresh) process; prints exactly one JSON line (a CaseResult) on
 * stdout for bench/run.ts, and anything else on stderr.
 *
 *   node --import tsx bench/case.ts --case throughput --logger flowlog [--records 200000]
 *        [--calls 10000000] [--budget-ms 3000] [--keep]
 *
 * Everything before the timed section (node and tsx startup, importing the logger, setup,
 * opening the file) is outside the clock; its duration is reported as `startup_ms`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { loadLogger } from "./loggers/index.js";
import { Rsyslog } from "../spec/helpers/rsyslog.js";
import { startOtlpCounter } from "./lib/otlp-receiver.js";
import {
  CASE_IDS,
  LOGGER_IDS,
  RESULT_KIND,
  countLines,
  intArg,
  lastLine,
  parseArgs,
  percentile,
  type BenchLogger,
  type CaseId,
  type CaseResult,
  type FinishCheck,
  type LoggerId,
  type OutputFile,
} from "./lib/common.js";

type Metrics = Record<string, number | string | boolean | null>;

interface Outcome {
  readonly metrics: Metrics;
  readonly startupMs: number;
  readonly error?: string;
  readonly check?: unknown;
}

const MiB = 1024; // maxRSS is in KiB

const args = parseArgs(process.argv.slice(2));
const caseId = args.get("case") as CaseId;
const loggerId = args.get("logger") as LoggerId;
if (!CASE_IDS.includes(caseId)) throw new Error(`--case must be one of ${CASE_IDS.join(", ")}`);
if (!LOGGER_IDS.includes(loggerId)) throw new Error(`--logger must be one of ${LOGGER_IDS.join(", ")}`);
const records = intArg(args, "records", 200_000);
const calls = intArg(args, "calls", 10_000_000);
const budgetMs = intArg(args, "budget-ms", 3_000);
const keep = args.get("keep") === "true";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), `flowlog-bench-${caseId}-${loggerId}-`));
let result: CaseResult;
try {
  const logger = await loadLogger(loggerId);
  const outcome =
    caseId === "disabled"
      ? await disabledCase(logger)
      : caseId === "latency"
        ? await latencyCase(logger)
        : caseId === "syslog"
          ? await syslogCase(logger)
          : caseId === "otel"
            ? await otelCase(logger)
            : await throughputCase(logger, { fanout: caseId === "fanout" });
  result = {
    kind: RESULT_KIND,
    case: caseId,
    logger: loggerId,
    ok: outcome.error === undefined,
    error: outcome.error,
    startup_ms: round(outcome.startupMs, 1),
    metrics: outcome.metrics,
    check: outcome.check,
  };
} catch (error) {
  result = {
    kind: RESULT_KIND,
    case: caseId,
    logger: loggerId,
    ok: false,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    startup_ms: Number.NaN,
    metrics: {},
  };
} finally {
  if (keep) process.stderr.write(`kept ${dir}\n`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(result.ok ? 0 : 1));

/**
 * N records to the file(s), timed from the first call until finish() resolved AND every file
 * holds its lines (if a logger resolves before its file is complete, the file is polled every
 * 2 ms and the clock runs on). Peak RSS is process.resourceUsage().maxRSS after the burst; the
 * burst's own share is that minus maxRSS before the first call.
 */
async function throughputCase(
  logger: BenchLogger,
  { fanout, syslog, otlpEndpoint }: { fanout: boolean; syslog?: { port: number; outFile: string }; otlpEndpoint?: string },
): Promise<Outcome> {
  const setup = await logger.setup(dir, { records, fanout, syslogPort: syslog?.port, otlpEndpoint });
  // The syslog case's "file" is what rsyslog wrote: one line per record it received.
  const files: OutputFile[] = syslog ? [{ path: syslog.outFile, format: "text", headerLines: 0 }] : [...setup.files];
  if (fanout && files.length < 3) {
    return { metrics: {}, startupMs: performance.now(), error: `${loggerId} has no fan-out setup (json + text + csv)` };
  }
  const rssBefore = process.resourceUsage().maxRSS;
  const startupMs = performance.now();

  const t0 = process.hrtime.bigint();
  for (let i = 0; i < records; i++) logger.log(i);
  const tCalls = process.hrtime.bigint();
  const check = await logger.finish();
  const tFinish = process.hrtime.bigint();
  let rssPeak = process.resourceUsage().maxRSS;
  const lines = await waitForLines(files, records, 10_000);
  // A logger whose file was still short kept working while we waited: its peak counts too.
  if (lines.waitedMs > 0) rssPeak = process.resourceUsage().maxRSS;
  const t1 = lines.waitedMs > 0 ? lines.at : tFinish;

  const elapsedNs = Number(t1 - t0);
  const metrics: Metrics = {
    records,
    records_per_s: Math.round(records / (elapsedNs / 1e9)),
    elapsed_ms: round(elapsedNs / 1e6, 2),
    calls_ms: round(Number(tCalls - t0) / 1e6, 2),
    flush_ms: round(Number(t1 - tCalls) / 1e6, 2),
    line_wait_ms: round(lines.waitedMs, 2),
    base_rss_mb: round(rssBefore / MiB, 1),
    peak_rss_mb: round(rssPeak / MiB, 1),
    burst_rss_mb: round(Math.max(0, rssPeak - rssBefore) / MiB, 1),
    bytes_per_record: round(files.reduce((sum, file) => sum + fileSize(file.path), 0) / records, 1),
    lines: lines.counts.join("/"),
  };
  return { metrics, startupMs, ...verdict(files, lines, records, check) };
}

/**
 * The throughput case over TCP to a real rsyslogd started here (outside the clock) and stopped
 * after the count, whatever happens: records/s until rsyslog has written every record.
 */
async function syslogCase(logger: BenchLogger): Promise<Outcome> {
  const rsyslog = await Rsyslog.start(dir);
  try {
    return await throughputCase(logger, { fanout: false, syslog: { port: rsyslog.tcpPort, outFile: rsyslog.outFile } });
  } finally {
    await rsyslog.stop();
  }
}

/**
 * The throughput case through the OpenTelemetry SDK (sinks.otlp: BatchLogRecordProcessor and the
 * OTLP/HTTP exporter) to a receiver in this process: timed until complete() resolved, which for
 * this sink means the receiver answered 2xx for every export; the receiver's count is checked.
 */
async function otelCase(logger: BenchLogger): Promise<Outcome> {
  const receiver = await startOtlpCounter();
  try {
    const outcome = await throughputCase(logger, { fanout: false, otlpEndpoint: receiver.endpoint });
    if (outcome.error === undefined && receiver.received() !== records) {
      return { ...outcome, error: `the receiver counted ${receiver.received()} records, expected ${records}` };
    }
    return outcome;
  } finally {
    await receiver.close();
  }
}

/**
 * Each of N calls timed alone: hrtime.bigint() before and after, the difference stored in a
 * preallocated Float64Array. The timer pair's own cost (median of 10,000 empty pairs) is
 * reported as timer_ns and NOT subtracted. Writing is finished and checked afterwards, untimed.
 */
async function latencyCase(logger: BenchLogger): Promise<Outcome> {
  const { files } = await logger.setup(dir, { records, fanout: false });
  const samples = new Float64Array(records);
  const timer = new Float64Array(10_000);
  for (let i = 0; i < timer.length; i++) {
    const a = process.hrtime.bigint();
    timer[i] = Number(process.hrtime.bigint() - a);
  }
  timer.sort();
  const startupMs = performance.now();

  for (let i = 0; i < records; i++) {
    const a = process.hrtime.bigint();
    logger.log(i);
    samples[i] = Number(process.hrtime.bigint() - a);
  }

  const check = await logger.finish();
  const lines = await waitForLines(files, records, 10_000);
  let total = 0;
  for (let i = 0; i < samples.length; i++) total += samples[i];
  const slowest = slowestCalls(samples, 10);
  samples.sort();
  const us = (ns: number) => round(ns / 1e3, 3);
  const metrics: Metrics = {
    records,
    p50_us: us(percentile(samples, 0.5)),
    p90_us: us(percentile(samples, 0.9)),
    p99_us: us(percentile(samples, 0.99)),
    p999_us: us(percentile(samples, 0.999)),
    p9999_us: us(percentile(samples, 0.9999)),
    max_us: us(samples[samples.length - 1]),
    mean_us: us(total / samples.length),
    timer_ns: round(percentile(timer, 0.5), 1),
    // "index:µs" of the slowest calls, slowest first: which calls pay (every k-th? the first?).
    slowest_calls: slowest.map(([index, ns]) => `${index}:${us(ns)}`).join(" "),
    lines: lines.counts.join("/"),
  };
  return { metrics, startupMs, ...verdict(files, lines, records, check) };
}

/**
 * debug() below every threshold. 100,000 warm-up calls estimate the cost; the timed run makes
 * `--calls` calls (default 10,000,000) or fewer if that would pass `--budget-ms` (winston's
 * disabled call costs microseconds). An empty loop of the same length is reported as
 * baseline_ns, not subtracted. The file must stay empty.
 */
async function disabledCase(logger: BenchLogger): Promise<Outcome> {
  const { files } = await logger.setup(dir, { records: 0, fanout: false });
  const startupMs = performance.now();

  const warm = Math.min(calls, 100_000);
  const w0 = process.hrtime.bigint();
  for (let i = 0; i < warm; i++) logger.disabledLog(i);
  const estimateNs = Number(process.hrtime.bigint() - w0) / warm;
  const n = Math.max(Math.min(calls, Math.floor((budgetMs * 1e6) / Math.max(estimateNs, 0.01))), Math.min(calls, warm));

  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) logger.disabledLog(i);
  const t1 = process.hrtime.bigint();

  let sink = 0;
  const b0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink = (sink + (i % 100)) | 0;
  const b1 = process.hrtime.bigint();
  blackhole = sink;

  const check = await logger.finish();
  const lines = await waitForLines(files, 0, 0);
  const metrics: Metrics = {
    calls: n,
    ns_per_call: round(Number(t1 - t0) / n, 2),
    baseline_ns: round(Number(b1 - b0) / n, 2),
    warmup_ns: round(estimateNs, 2),
    lines: lines.counts.join("/"),
  };
  return { metrics, startupMs, ...verdict(files, lines, 0, check) };
}

// ----------------------------------------------------------------------------------------------

/** The `count` slowest samples as [call index, ns], slowest first (one pass, no copy sorted). */
function slowestCalls(samples: Float64Array, count: number): Array<[number, number]> {
  const top: Array<[number, number]> = [];
  for (let i = 0; i < samples.length; i++) {
    const ns = samples[i];
    if (top.length === count && ns <= top[count - 1][1]) continue;
    let at = top.length === count ? count - 1 : top.length;
    while (at > 0 && top[at - 1][1] < ns) at--;
    top.splice(at, 0, [i, ns]);
    if (top.length > count) top.pop();
  }
  return top;
}

let blackhole = 0;

interface LineState {
  readonly counts: number[];
  readonly ok: boolean;
  readonly waitedMs: number;
  readonly at: bigint;
}

/**
 * Counts the files' lines; while one is short, polls every 2 ms up to `timeoutMs`. `waitedMs` is
 * 0 when the first count was already complete (the count itself is then outside the clock).
 */
async function waitForLines(files: readonly OutputFile[], expected: number, timeoutMs: number): Promise<LineState> {
  const want = (file: OutputFile) => expected + (expected > 0 ? file.headerLines : 0);
  const start = process.hrtime.bigint();
  for (let attempt = 0; ; attempt++) {
    const counts = files.map((file) => countLines(file.path));
    const at = process.hrtime.bigint();
    const short = files.some((file, k) => counts[k] < want(file));
    const waitedMs = Number(at - start) / 1e6;
    if (!short || waitedMs >= timeoutMs) {
      const ok = files.every((file, k) => counts[k] === want(file));
      return { counts, ok, waitedMs: attempt === 0 ? 0 : waitedMs, at };
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The case fails if a line count is wrong, the last JSON line is not the last record, or the logger's own check fails. */
function verdict(
  files: readonly OutputFile[],
  lines: LineState,
  expected: number,
  check: FinishCheck | void,
): { error?: string; check?: unknown } {
  const problems: string[] = [];
  if (!lines.ok) {
    files.forEach((file, k) => {
      const want = expected + (expected > 0 ? file.headerLines : 0);
      if (lines.counts[k] !== want) {
        problems.push(`${path.basename(file.path)} holds ${lines.counts[k]} lines, expected ${want} (${lines.counts[k] - want > 0 ? "+" : ""}${lines.counts[k] - want})`);
      }
    });
  }
  if (expected > 0) {
    for (const file of files) {
      if (file.format !== "json" || !fs.existsSync(file.path)) continue;
      const last = lastLine(file.path);
      try {
        JSON.parse(last);
        if (!last.includes(`"user_id":${expected - 1}`)) problems.push(`${path.basename(file.path)}: last line is not record ${expected - 1}: ${last.slice(0, 200)}`);
      } catch {
        problems.push(`${path.basename(file.path)}: last line is not JSON: ${last.slice(0, 200)}`);
      }
    }
  }
  if (check && !check.ok) problems.push(check.detail);
  return { error: problems.length > 0 ? problems.join("; ") : undefined, check: check ? { ok: check.ok, detail: check.detail } : undefined };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
