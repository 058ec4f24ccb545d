/**
 * The benchmark orchestrator: `npm run bench [-- options]`.
 *
 * Every case (one measurement of one logger) runs in a fresh child process; in every round the
 * loggers take turns (the order rotates by one each round, so nobody always runs first or
 * last); medians over the rounds are printed as markdown tables with ratios and the issue's
 * targets, and written to bench/results/latest.json (+ latest.md).
 *
 * Options:
 *   --quick              smoke run: 2 rounds, 20,000 records, 1,000,000 disabled calls (< 1 min)
 *   --rounds N           rounds (default 5)
 *   --records N          records per throughput / latency / fan-out case (default 200,000)
 *   --calls N            disabled-level calls per case (default 10,000,000; fewer if --budget-ms passes)
 *   --budget-ms N        time cap of the disabled loop (default 3,000)
 *   --only a,b           loggers: flowlog, pino-async, pino-sync, winston (default all)
 *   --cases a,b          throughput, latency, disabled, fanout, syslog, otel (default all; syslog needs rsyslogd)
 *   --timeout-ms N       a case still running after this is killed and counted failed (default 180,000)
 *   --tsx                run cases through `node --import tsx bench/case.ts` instead of the esbuild bundle
 *   --prof               flowlog cases run with --cpu-prof into bench/results/prof/
 *   --keep               keep each case's temp directory (path printed on stderr)
 *   --out FILE           JSON result path (default bench/results/latest.json)
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Rsyslog } from "../spec/helpers/rsyslog.js";
import {
  CASE_IDS,
  LOGGER_IDS,
  LOGGER_LABELS,
  RESULT_KIND,
  intArg,
  median,
  parseArgs,
  type CaseId,
  type CaseResult,
  type LoggerId,
} from "./lib/common.js";
import { bundleForNode } from "./lib/bundle.js";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const resultsDir = path.join(benchDir, "results");

const args = parseArgs(process.argv.slice(2));
if (args.has("help")) {
  const source = fs.readFileSync(fileURLToPath(import.meta.url), "utf8");
  process.stdout.write(`${/\/\*\*([\s\S]*?)\*\//.exec(source)?.[1].replace(/^ \* ?/gm, "") ?? ""}\n`);
  process.exit(0);
}
const quick = args.get("quick") === "true";
const options = {
  quick,
  rounds: intArg(args, "rounds", quick ? 2 : 5),
  records: intArg(args, "records", quick ? 20_000 : 200_000),
  calls: intArg(args, "calls", quick ? 1_000_000 : 10_000_000),
  budgetMs: intArg(args, "budget-ms", quick ? 500 : 3_000),
  timeoutMs: intArg(args, "timeout-ms", 180_000),
  loggers: listArg("only", LOGGER_IDS),
  cases: listArg("cases", CASE_IDS),
  tsx: args.get("tsx") === "true",
  prof: args.get("prof") === "true",
  keep: args.get("keep") === "true",
  out: path.resolve(args.get("out") ?? path.join(resultsDir, "latest.json")),
};

/** The summary the table helpers read (set by renderReport). */
let summaryRef: Summary = {};

fs.mkdirSync(resultsDir, { recursive: true });
const runner = await prepareRunner(options.tsx);
const started = Date.now();
const machine = machineInfo(runner.how);
/** The syslog case needs a local rsyslogd; without one it is left out (and said so). */
const syslogAvailable = Rsyslog.available();
if (!syslogAvailable && options.cases.includes("syslog")) log("rsyslogd is not installed: the syslog case is skipped (apt-get install rsyslog)");

const plan = makePlan();
log(
  `flowlog bench: ${options.rounds} round(s), ${plan.length} cases, ${fmtInt(options.records)} records, ` +
    `${fmtInt(options.calls)} disabled calls (cap ${fmtInt(options.budgetMs)} ms), runner: ${runner.how}`,
);

const results: CaseResult[] = [];
for (const [index, step] of plan.entries()) {
  const result = await runCase(step.case, step.logger);
  results.push(result);
  log(`[${index + 1}/${plan.length} r${step.round}] ${describe(result)}`);
}

const summary = summarise(results);
const report = renderReport(summary);
process.stdout.write(`\n${report}\n`);
const json = {
  machine,
  options: { ...options, out: undefined },
  duration_s: Math.round((Date.now() - started) / 1000),
  summary,
  results,
};
fs.mkdirSync(path.dirname(options.out), { recursive: true });
fs.writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
fs.writeFileSync(options.out.replace(/\.json$/, "") + ".md", `${report}\n`);
log(`wrote ${path.relative(root, options.out)} (+ .md) in ${json.duration_s} s`);

// ------------------------------------------------------------------------------------- plan

interface Step {
  readonly round: number;
  readonly case: CaseId;
  readonly logger: LoggerId;
}

/** Per round: throughput (then flowlog's fan-out and syslog right after it), latency, disabled; loggers rotated. */
function makePlan(): Step[] {
  const steps: Step[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const shift = (round - 1) % options.loggers.length;
    const order = [...options.loggers.slice(shift), ...options.loggers.slice(0, shift)];
    for (const caseId of ["throughput", "fanout", "syslog", "otel", "latency", "disabled"] as const) {
      if (!options.cases.includes(caseId)) continue;
      if (caseId === "fanout" || caseId === "syslog" || caseId === "otel") {
        // flowlog's own cases (three file sinks; the syslog sink): the others have no such setup.
        if (options.loggers.includes("flowlog") && (caseId !== "syslog" || syslogAvailable)) steps.push({ round, case: caseId, logger: "flowlog" });
        continue;
      }
      for (const logger of order) steps.push({ round, case: caseId, logger });
    }
  }
  return steps;
}

// ---------------------------------------------------------------------------------- running

interface Runner {
  readonly how: string;
  /** node arguments that run bench/case.ts. */
  readonly entry: string[];
}

/**
 * By default bench/case.ts and everything it imports from bench/ and src/ is bundled once with
 * esbuild (tsx's own compiler; npm packages stay external, one chunk per logger module), and
 * the children run plain `node` on it: no loader hooks and no esbuild worker in the measured
 * process (tsx adds ~30 MB of RSS before the first log call). `--tsx`, or esbuild missing,
 * runs `node --import tsx bench/case.ts` instead.
 */
async function prepareRunner(useTsx: boolean): Promise<Runner> {
  const viaTsx: Runner = { how: "node --import tsx bench/case.ts", entry: ["--import", "tsx", path.join(benchDir, "case.ts")] };
  if (useTsx) return viaTsx;
  try {
    const entry = await bundleForNode(path.join(benchDir, "case.ts"), path.join(resultsDir, ".build"));
    return { how: "esbuild bundle of bench/case.ts + src (node, no loader)", entry: [entry] };
  } catch (error) {
    log(`esbuild bundle unavailable (${String(error)}); running cases through tsx`);
    return viaTsx;
  }
}

function runCase(caseId: CaseId, logger: LoggerId): Promise<CaseResult> {
  const nodeArgs: string[] = [];
  if (options.prof && logger === "flowlog") {
    nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${path.join(resultsDir, "prof")}`, `--cpu-prof-name=${caseId}-${Date.now()}.cpuprofile`);
  }
  const caseArgs = [
    "--case", caseId,
    "--logger", logger,
    "--records", String(options.records),
    "--calls", String(options.calls),
    "--budget-ms", String(options.budgetMs),
  ];
  if (options.keep) caseArgs.push("--keep");
  const env = { ...process.env };
  // The parent runs under tsx; the bundled child must not inherit a loader through NODE_OPTIONS.
  if (!options.tsx && env.NODE_OPTIONS?.includes("tsx")) delete env.NODE_OPTIONS;

  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [...nodeArgs, ...runner.entry, ...caseArgs], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const wallMs = Date.now() - t0;
      const parsed = stdout
        .split("\n")
        .map((line) => {
          try {
            return JSON.parse(line) as CaseResult;
          } catch {
            return undefined;
          }
        })
        .find((value) => value?.kind === RESULT_KIND);
      const failure = (error: string): CaseResult => ({
        kind: RESULT_KIND,
        case: caseId,
        logger,
        ok: false,
        error,
        startup_ms: Number.NaN,
        metrics: {},
      });
      let result: CaseResult;
      if (timedOut) result = failure(`killed after ${options.timeoutMs} ms`);
      else if (!parsed) result = failure(`exit ${code ?? signal}, no result line; stderr: ${tail(stderr)}`);
      else result = parsed;
      if (stderr.trim() && result.ok) log(`  (stderr of ${caseId} ${logger}: ${tail(stderr)})`);
      resolve({ ...result, metrics: { ...result.metrics, wall_ms: wallMs } });
    });
  });
}

// ---------------------------------------------------------------------------------- summary

interface Cell {
  /** Median over the successful rounds, per metric. */
  readonly medians: Record<string, number>;
  readonly ok: number;
  readonly failed: number;
  readonly errors: string[];
}
type Summary = Partial<Record<CaseId, Partial<Record<LoggerId, Cell>>>>;

function summarise(all: readonly CaseResult[]): Summary {
  const summary: Summary = {};
  for (const caseId of CASE_IDS) {
    for (const logger of LOGGER_IDS) {
      const runs = all.filter((result) => result.case === caseId && result.logger === logger);
      if (runs.length === 0) continue;
      const good = runs.filter((result) => result.ok);
      const medians: Record<string, number> = {};
      const keys = new Set(good.flatMap((result) => Object.keys(result.metrics)));
      for (const key of keys) {
        const values = good.map((result) => result.metrics[key]).filter((value): value is number => typeof value === "number");
        if (values.length > 0) medians[key] = median(values);
      }
      const startups = good.map((result) => result.startup_ms);
      if (startups.length > 0) medians.startup_ms = median(startups);
      (summary[caseId] ??= {})[logger] = {
        medians,
        ok: good.length,
        failed: runs.length - good.length,
        errors: [...new Set(runs.filter((result) => !result.ok).map((result) => result.error ?? "unknown"))],
      };
    }
  }
  return summary;
}

/** A median, or undefined when that cell is missing or any of its rounds failed (it is then not comparable). */
function value(caseId: CaseId, logger: LoggerId, metric: string): number | undefined {
  const cell = summaryRef[caseId]?.[logger];
  if (!cell || cell.failed > 0 || cell.ok === 0) return undefined;
  const v = cell.medians[metric];
  return Number.isFinite(v) ? v : undefined;
}
function renderReport(summary: Summary): string {
  summaryRef = summary;
  const out: string[] = [];
  const loggers = options.loggers;
  out.push(
    `## flowlog benchmark — ${machine.date.slice(0, 10)}, Node ${machine.node}, ${machine.cpus}× ${machine.cpu_model}, ` +
      `${machine.total_memory_gb} GB`,
    "",
    `Medians of ${options.rounds} round(s), each case in a fresh process; ${fmtInt(options.records)} records of ` +
      '`info("request handled", {route, status, duration_ms, user_id})` to one NDJSON file until every line is on disk.',
    "",
    "| logger | records/s | caller p50 / p99 / p99.9 (µs) | caller mean / max (µs) | disabled ns/call | peak RSS MB (burst Δ) |",
    "|---|---:|---:|---:|---:|---:|",
  );
  for (const logger of loggers) {
    const rps = cellText("throughput", logger, (m) => `${fmtK(m.records_per_s)}`);
    const lat = cellText("latency", logger, (m) => `${fmtUs(m.p50_us)} / ${fmtUs(m.p99_us)} / ${fmtUs(m.p999_us)}`);
    const meanMax = cellText("latency", logger, (m) => `${fmtUs(m.mean_us)} / ${fmtUs(m.max_us)}`);
    const dis = cellText("disabled", logger, (m) => fmtNs(m.ns_per_call));
    const rss = cellText("throughput", logger, (m) => `${m.peak_rss_mb.toFixed(1)} (+${m.burst_rss_mb.toFixed(1)})`);
    out.push(`| ${LOGGER_LABELS[logger]} | ${rps} | ${lat} | ${meanMax} | ${dis} | ${rss} |`);
  }
  if (summary.fanout?.flowlog) {
    const fan = cellText("fanout", "flowlog", (m) => fmtK(m.records_per_s));
    const single = value("throughput", "flowlog", "records_per_s");
    const multi = value("fanout", "flowlog", "records_per_s");
    out.push(
      `| flowlog, fan-out json + text + csv | ${fan} | - | - | - | ${cellText("fanout", "flowlog", (m) => `${m.peak_rss_mb.toFixed(1)} (+${m.burst_rss_mb.toFixed(1)})`)} |`,
      "",
      `Fan-out: ${fan} records/s to three files against ${single === undefined ? "n/a" : fmtK(single)} to one = ` +
        `${single && multi ? ratio(multi / single) : "n/a"} (each record written three times).`,
    );
  }
  if (summary.syslog?.flowlog) {
    const single = value("throughput", "flowlog", "records_per_s");
    const shipped = value("syslog", "flowlog", "records_per_s");
    out.push(
      `| flowlog, syslog over TCP to rsyslogd | ${cellText("syslog", "flowlog", (m) => fmtK(m.records_per_s))} | - | - | - | ${cellText("syslog", "flowlog", (m) => `${m.peak_rss_mb.toFixed(1)} (+${m.burst_rss_mb.toFixed(1)})`)} |`,
      "",
      `Syslog: ${shipped === undefined ? "n/a" : fmtK(shipped)} records/s until a local rsyslogd (sharing the cores) had written each one, ` +
        `against ${single === undefined ? "n/a" : fmtK(single)} to the NDJSON file = ${single && shipped ? ratio(shipped / single) : "n/a"}.`,
    );
  }
  if (summary.otel?.flowlog) {
    const single = value("throughput", "flowlog", "records_per_s");
    const shipped = value("otel", "flowlog", "records_per_s");
    out.push(
      `| flowlog, OTLP/HTTP through the OpenTelemetry SDK | ${cellText("otel", "flowlog", (m) => fmtK(m.records_per_s))} | - | - | - | ${cellText("otel", "flowlog", (m) => `${m.peak_rss_mb.toFixed(1)} (+${m.burst_rss_mb.toFixed(1)})`)} |`,
      "",
      `OpenTelemetry: ${shipped === undefined ? "n/a" : fmtK(shipped)} records/s until a loopback OTLP/HTTP receiver (in the same process) had answered 2xx for each, ` +
        `against ${single === undefined ? "n/a" : fmtK(single)} to the NDJSON file = ${single && shipped ? ratio(shipped / single) : "n/a"}.`,
    );
  }
  const dis = summary.disabled;
  if (dis) {
    const base = LOGGER_IDS.map((l) => dis[l]?.medians.baseline_ns).find((v) => v !== undefined);
    const counts = loggers.map((l) => `${l} ${dis[l]?.medians.calls !== undefined ? fmtInt(dis[l]!.medians.calls) : "-"}`).join(", ");
    out.push("", `Disabled calls timed: ${counts}; empty-loop baseline ${base === undefined ? "n/a" : fmtNs(base)} ns/iteration (not subtracted).`);
  }
  const lat = summary.latency;
  if (lat) {
    const timer = LOGGER_IDS.map((l) => lat[l]?.medians.timer_ns).find((v) => v !== undefined);
    out.push(
      `Caller latency includes one hrtime.bigint() pair, ${timer === undefined ? "n/a" : fmtNs(timer)} ns (not subtracted). ` +
        "Mean × records is the time the burst spent inside log calls; max is the single worst call (a batch written on the caller's stack shows here, not in p99.9, when it comes fewer than once per 1,000 calls).",
    );
    const share = loggers
      .map((l) => {
        const m = summaryRef.throughput?.[l]?.medians;
        return m && m.elapsed_ms > 0 ? `${l} ${Math.round((100 * m.calls_ms) / m.elapsed_ms)} %` : undefined;
      })
      .filter(Boolean);
    if (share.length > 0) out.push(`Share of the throughput time spent inside log calls (the rest is the final flush): ${share.join(", ")}.`);
  }

  // Ratios: flowlog / each other logger.
  const others = loggers.filter((logger) => logger !== "flowlog");
  if (loggers.includes("flowlog") && others.length > 0) {
    out.push("", "### Ratios (flowlog / other)", "", `| metric | ${others.map((l) => `flowlog / ${LOGGER_LABELS[l]}`).join(" | ")} | better |`, `|---|${others.map(() => "---:").join("|")}|---|`);
    const rows: [string, CaseId, string, string][] = [
      ["records/s", "throughput", "records_per_s", "higher"],
      ["caller p50", "latency", "p50_us", "lower"],
      ["caller p99", "latency", "p99_us", "lower"],
      ["caller p99.9", "latency", "p999_us", "lower"],
      ["caller mean", "latency", "mean_us", "lower"],
      ["caller max", "latency", "max_us", "lower"],
      ["disabled ns/call", "disabled", "ns_per_call", "lower"],
      ["peak RSS (absolute)", "throughput", "peak_rss_mb", "lower"],
      ["peak RSS (burst Δ)", "throughput", "burst_rss_mb", "lower"],
    ];
    for (const [label, caseId, metric, better] of rows) {
      const mine = value(caseId, "flowlog", metric);
      const cells = others.map((other) => {
        const theirs = value(caseId, other, metric);
        return mine === undefined || theirs === undefined || theirs === 0 ? "n/a" : ratio(mine / theirs);
      });
      out.push(`| ${label} | ${cells.join(" | ")} | ${better} |`);
    }
  }

  // The issue's targets.
  if (loggers.includes("flowlog")) {
    out.push("", "### Targets (issues 5 and 15)", "", "| target | measured | result |", "|---|---|---|");
    const target = (label: string, measured: number | undefined, goal: number, higherIsBetter: boolean, show: (v: number) => string, why?: string) => {
      if (measured === undefined) {
        out.push(`| ${label} | n/a${why ? ` (${why})` : ""} | **N/A** |`);
        return;
      }
      const pass = higherIsBetter ? measured >= goal : measured <= goal;
      out.push(`| ${label} | ${show(measured)} | ${pass ? "PASS" : "**MISS**"} |`);
    };
    const r = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
    const missing = (...cells: [CaseId, LoggerId][]) =>
      cells
        .filter(([c, l]) => value(c, l, c === "disabled" ? "ns_per_call" : c === "latency" ? "p50_us" : "records_per_s") === undefined)
        .map(([c, l]) => `${l} ${c} ${summary[c]?.[l] ? "failed" : "not run"}`)
        .join(", ");
    const rps = (l: LoggerId) => value("throughput", l, "records_per_s");
    const tput = r(rps("flowlog"), rps("pino-async"));
    target("NDJSON throughput ≥ 1.5× pino async", tput, 1.5, true, (v) => `${ratio(v)}${v >= 2 ? " (stretch 2× reached)" : ""}`, missing(["throughput", "flowlog"], ["throughput", "pino-async"]));
    for (const pino of ["pino-async", "pino-sync"] as const) {
      const d = r(value("disabled", "flowlog", "ns_per_call"), value("disabled", pino, "ns_per_call"));
      target(`disabled call ≤ ${LOGGER_LABELS[pino]}`, d, 1, false, (v) => `${fmtNs(value("disabled", "flowlog", "ns_per_call")!)} vs ${fmtNs(value("disabled", pino, "ns_per_call")!)} ns (${ratio(v)})`, missing(["disabled", "flowlog"], ["disabled", pino]));
    }
    target("caller p50 < 1 µs", value("latency", "flowlog", "p50_us"), 1 - 1e-9, false, (v) => `${fmtUs(v)} µs`, missing(["latency", "flowlog"]));
    // Issue 15: keep the lead, and the worst call no worse than pino's async destination.
    target("(15) throughput ≥ 2.5× pino async", tput, 2.5, true, ratio, missing(["throughput", "flowlog"], ["throughput", "pino-async"]));
    const disabled15 = r(value("disabled", "flowlog", "ns_per_call"), value("disabled", "pino-async", "ns_per_call"));
    target("(15) disabled call ≤ 0.6× pino async", disabled15, 0.6, false, ratio, missing(["disabled", "flowlog"], ["disabled", "pino-async"]));
    target("(15) caller p50 < 0.5 µs", value("latency", "flowlog", "p50_us"), 0.5 - 1e-9, false, (v) => `${fmtUs(v)} µs`, missing(["latency", "flowlog"]));
    const max15 = r(value("latency", "flowlog", "max_us"), value("latency", "pino-async", "max_us"));
    target("(15) caller max ≤ pino async's max", max15, 1, false, (v) => `${fmtUs(value("latency", "flowlog", "max_us")!)} vs ${fmtUs(value("latency", "pino-async", "max_us")!)} µs (${ratio(v)})`, missing(["latency", "flowlog"], ["latency", "pino-async"]));
    for (const pino of ["pino-async", "pino-sync"] as const) {
      const p = r(value("latency", "flowlog", "p999_us"), value("latency", pino, "p999_us"));
      target(`caller p99.9 ≤ ${LOGGER_LABELS[pino]}`, p, 1, false, (v) => `${fmtUs(value("latency", "flowlog", "p999_us")!)} vs ${fmtUs(value("latency", pino, "p999_us")!)} µs (${ratio(v)})`, missing(["latency", "flowlog"], ["latency", pino]));
    }
    const burst = (l: LoggerId) => value("throughput", l, "burst_rss_mb");
    const burstMine = burst("flowlog");
    const burstPino = burst("pino-sync");
    target(
      "peak RSS of the burst (Δ) ≤ pino (sync)",
      burstMine === undefined || burstPino === undefined ? undefined : burstMine - burstPino,
      0,
      false,
      () => `+${burstMine!.toFixed(1)} vs +${burstPino!.toFixed(1)} MB (absolute ${value("throughput", "flowlog", "peak_rss_mb")!.toFixed(1)} vs ${value("throughput", "pino-sync", "peak_rss_mb")!.toFixed(1)} MB)`,
      missing(["throughput", "flowlog"], ["throughput", "pino-sync"]),
    );
    target("fan-out (3 files) ≥ 0.5× single file", r(value("fanout", "flowlog", "records_per_s"), rps("flowlog")), 0.5, true, ratio, missing(["fanout", "flowlog"], ["throughput", "flowlog"]));
  }

  // Failures, spelled out: a failed case is never timed.
  const failures: string[] = [];
  for (const caseId of CASE_IDS) {
    for (const logger of LOGGER_IDS) {
      const cell = summary[caseId]?.[logger];
      if (cell && cell.failed > 0) failures.push(`- ${caseId} / ${logger}: ${cell.failed} of ${cell.ok + cell.failed} rounds failed: ${cell.errors.map((e) => tail(e, 400)).join(" | ")}`);
    }
  }
  if (failures.length > 0) out.push("", "### Failed cases (excluded from medians, ratios and targets)", "", ...failures);
  out.push(
    "",
    `Runner: ${machine.runner}; flowlog ${machine.git_commit}${machine.git_dirty ? " + uncommitted changes" : ""}, pino ${machine.pino}, winston ${machine.winston}. ` +
      `Reproduce: \`npm run bench${reproduceArgs()}\`.`,
  );
  return out.join("\n");
}

/** One table cell from a (case, logger): the medians, "FAILED", or a warning on partial failure. */
function cellText(caseId: CaseId, logger: LoggerId, show: (medians: Record<string, number>) => string): string {
  const cell = summaryRef[caseId]?.[logger];
  if (!cell) return "-";
  if (cell.ok === 0) return "FAILED";
  let text: string;
  try {
    text = show(cell.medians);
  } catch {
    text = "?";
  }
  return cell.failed > 0 ? `${text} ⚠ ${cell.failed}/${cell.ok + cell.failed} failed` : text;
}

// ------------------------------------------------------------------------------------ misc

function machineInfo(how: string) {
  const cpus = os.cpus();
  const git = (...gitArgs: string[]) => {
    try {
      return execFileSync("git", gitArgs, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "";
    }
  };
  const version = (pkg: string) => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpu_model: cpus[0]?.model.trim() ?? "unknown",
    total_memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadavg_at_start: os.loadavg().map((v) => Math.round(v * 100) / 100),
    git_commit: git("rev-parse", "--short", "HEAD") || "unknown",
    git_dirty: git("status", "--porcelain", "--", "src").length > 0,
    pino: version("pino"),
    winston: version("winston"),
    runner: how,
  };
}

function describe(result: CaseResult): string {
  const m = result.metrics;
  const head = `${result.case.padEnd(10)} ${result.logger.padEnd(10)}`;
  if (!result.ok) return `${head} FAILED: ${tail(result.error ?? "", 300)}`;
  const n = (key: string) => (typeof m[key] === "number" ? (m[key] as number) : Number.NaN);
  const body =
    result.case === "disabled"
      ? `${fmtNs(n("ns_per_call"))} ns/call over ${fmtInt(n("calls"))} calls`
      : result.case === "latency"
        ? `p50 ${fmtUs(n("p50_us"))} / p99 ${fmtUs(n("p99_us"))} / p99.9 ${fmtUs(n("p999_us"))} µs`
        : `${fmtInt(n("records_per_s"))} rec/s, peak RSS ${n("peak_rss_mb")} MB (+${n("burst_rss_mb")})`;
  return `${head} ${body}  [startup ${Math.round(result.startup_ms)} ms, wall ${fmtInt(n("wall_ms"))} ms]`;
}

/** The command-line options of this run, minus --out, for the "Reproduce" line. */
function reproduceArgs(): string {
  const kept = [...args].filter(([name]) => name !== "out").map(([name, v]) => (v === "true" ? `--${name}` : `--${name} ${v}`));
  return kept.length > 0 ? ` -- ${kept.join(" ")}` : "";
}

function listArg<A extends string>(name: string, all: readonly A[]): A[] {
  const raw = args.get(name);
  if (raw === undefined) return [...all];
  const picked = raw.split(",").map((item) => item.trim()).filter(Boolean);
  for (const item of picked) {
    if (!all.includes(item as A)) throw new Error(`--${name}: unknown ${JSON.stringify(item)}; expected ${all.join(", ")}`);
  }
  return all.filter((item) => picked.includes(item));
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function tail(text: string, max = 600): string {
  const flat = text.trim().replace(/\s+/g, " ");
  return flat.length > max ? `…${flat.slice(-max)}` : flat;
}

function ratio(v: number): string {
  return `${v.toFixed(2)}×`;
}
function fmtInt(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "n/a";
}
function fmtK(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v / 1000).toLocaleString("en-US")}k` : "n/a";
}
function fmtUs(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString("en-US");
}
function fmtNs(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  return v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString("en-US");
}
