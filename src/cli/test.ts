/**
 * `flowlog test [--sink NAME]`: one clearly marked test record through each enabled sink of the
 * configuration in this directory, each sink on its own (so one slow service does not hide how
 * long another took), and a line per sink: delivered, or failed with the service's error as the
 * sink reported it (scrubbed of secrets), and the time it took.
 */
import { hostname } from "node:os";
import * as path from "node:path";
import { Level, Logger, parseConfig, type LevelNumber, type SinkReport } from "../index.js";
import { EXIT, parseCommandLine, UsageError, type Command, type CommandIO } from "./usage.js";

const help = `Usage: flowlog test [options]

Sends one test record through each enabled sink of the configuration in this directory
(flowlog.yaml, .env, environment: as new Logger() loads it) and prints, per sink, whether it
was delivered, or the service's error, and the time it took. The record is logged at the
sink's own min_level (the lowest level it accepts) and says that it is a test. Retries and
timeouts are the configured ones; the dead letter is not written.

Options:
  --sink NAME        test this sink only (repeat for several): terminal, file_json, discord, ...
  --cwd DIR          the directory whose configuration is used (default: the current one)
  --timeout-ms N     give up on a sink after N ms (default 30000, at most 600000)
  -h, --help         this help

Exit codes: 0 every sink delivered, 1 a sink failed (or the configuration has problems),
2 usage error.

Examples:
  flowlog test
  flowlog test --sink discord --sink email`;

export const test: Command = {
  summary: "send one marked test record through every enabled sink and say what each did",
  help,
  run: runTest,
};

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 600_000;

/** What one sink did with the test record. */
export interface SinkOutcome {
  readonly sink: string;
  readonly delivered: boolean;
  readonly ms: number;
  /** Why it was not delivered (the sink's scrubbed lastError, or what became of the record). */
  readonly error?: string;
}

async function runTest(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      sink: { type: "string", multiple: true },
      cwd: { type: "string" },
      "timeout-ms": { type: "string" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const timeoutMs = timeoutOption(values["timeout-ms"]);
  const cwd = path.resolve(io.cwd, values.cwd ?? ".");

  const parsed = parseConfig({ cwd, env: io.env });
  if (parsed._tag === "Left") {
    io.stderr.write(`flowlog test: the configuration has problems (run "flowlog check" for the whole picture):\n${parsed.left.errors.map((e) => `  ${e}\n`).join("")}`);
    return EXIT.PROBLEMS;
  }
  const sinks = parsed.right.config.sinks as unknown as Record<string, { enabled: boolean; min_level?: LevelNumber }>;
  const names = Object.keys(sinks);
  for (const name of values.sink ?? []) {
    if (!names.includes(name)) throw new UsageError(`--sink: unknown sink ${JSON.stringify(name)} (one of ${names.join(", ")})`);
  }
  const chosen = values.sink ?? names.filter((name) => sinks[name].enabled);
  const disabled = chosen.filter((name) => !sinks[name].enabled);
  if (disabled.length > 0) {
    io.stderr.write(`flowlog test: not enabled: ${disabled.join(", ")} (set sinks.<name>.enabled: true, or FLOWLOG_<NAME>_ENABLED=1)\n`);
    return EXIT.PROBLEMS;
  }
  if (chosen.length === 0) {
    io.stdout.write("No sink is enabled: nothing to test.\n");
    return EXIT.OK;
  }

  // Configuration warnings (said once although every sink loads it); the sinks' own failure
  // warnings are left out: the failure is on that sink's line.
  const warnings = new Set<string>();
  const outcomes = await Promise.all(
    chosen.map((name) => testSink(name, names, { cwd, env: io.env, timeoutMs, level: sinks[name].min_level, onWarning: (w) => warnings.add(w) })),
  );
  for (const warning of warnings) io.stderr.write(`flowlog: ${warning}\n`);
  io.stdout.write(`${outcomeLines(outcomes).join("\n")}\n`);
  return outcomes.every((outcome) => outcome.delivered) ? EXIT.OK : EXIT.PROBLEMS;
}

interface SinkTestOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly level: LevelNumber | undefined;
  readonly onWarning: (message: string) => void;
}

/**
 * A Logger of the directory's configuration with every other sink disabled and no dead letter
 * (the code layer, the highest, says so), one record, then complete(): its report says what
 * the sink did.
 */
async function testSink(name: string, allNames: readonly string[], options: SinkTestOptions): Promise<SinkOutcome> {
  const only = Object.fromEntries(allNames.filter((other) => other !== name).map((other) => [other, { enabled: false }]));
  const started = performance.now();
  let constructing = true;
  try {
    const log = new Logger(undefined, {
      cwd: options.cwd,
      env: options.env,
      onWarning: (message) => {
        if (constructing) options.onWarning(message);
      },
      config: { dead_letter: { enabled: false }, sinks: only },
    });
    constructing = false;
    log.log(options.level ?? Level.ERROR, testMessage(name), { extra: { flowlog_test: true, sink: name, host: hostname() } });
    const report = await log.complete({ timeoutMs: options.timeoutMs });
    return outcomeOf(name, report.sinks[name], performance.now() - started);
  } catch (error) {
    return { sink: name, delivered: false, ms: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
}

function testMessage(sink: string): string {
  return `flowlog test: a test record sent by "flowlog test" to check the ${sink} sink. Nothing is wrong; no action needed.`;
}

/** Delivered when the sink counted the record delivered; otherwise why not. */
export function outcomeOf(sink: string, report: SinkReport | undefined, ms: number): SinkOutcome {
  if (report === undefined) return { sink, delivered: false, ms, error: "the sink was not built" };
  if (report.delivered > 0 && report.failed === 0 && report.dropped === 0) return { sink, delivered: true, ms };
  if (report.failed > 0) return { sink, delivered: false, ms, error: report.lastError ?? "failed" };
  if (report.dropped > 0) {
    const reasons = Object.entries(report.droppedBy).filter(([, count]) => count > 0).map(([reason]) => reason);
    return { sink, delivered: false, ms, error: `dropped (${reasons.join(", ")})` };
  }
  return { sink, delivered: false, ms, error: "the sink did not take the record (its level is above the test record's)" };
}

/** One aligned line per sink: `  discord   delivered  312 ms`, or `FAILED` and the error. */
export function outcomeLines(outcomes: readonly SinkOutcome[]): string[] {
  const width = Math.max(...outcomes.map((outcome) => outcome.sink.length));
  return outcomes.map((outcome) => {
    const time = `${Math.round(outcome.ms)} ms`;
    const head = `  ${outcome.sink.padEnd(width)}  ${outcome.delivered ? "delivered" : "FAILED   "}  ${time.padStart(8)}`;
    return outcome.delivered ? head : `${head}  ${outcome.error ?? ""}`;
  });
}

function timeoutOption(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_MS;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= MAX_TIMEOUT_MS)) throw new UsageError(`--timeout-ms: expected a whole number of ms from 1 to ${MAX_TIMEOUT_MS}, got ${JSON.stringify(text)}`);
  return value;
}
