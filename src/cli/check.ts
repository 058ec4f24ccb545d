/**
 * `flowlog check [--cwd DIR]`: the configuration a `new Logger` would get there, each value with
 * the layer it came from, then every problem. For people and for CI (exit 1 on any problem).
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { loadConfigWithSources } from "../index.js";
import { configRows, drawTable } from "./config-table.js";
import { EXIT, parseCommandLine, UsageError, type Command, type CommandIO } from "./usage.js";

const help = `Usage: flowlog check [options]

Loads the configuration exactly as new Logger() does in that directory (defaults <
flowlog.yaml / .yml / .json or FLOWLOG_CONFIG < .env < environment), prints the effective
value of every key with the layer it came from (secrets masked), then every problem and
warning with the key it concerns.

Options:
  --cwd DIR     the directory to check (default: the current one)
  --strict      unknown keys and variables are problems, not warnings (as strict: true)
  --all         show every key of disabled sinks too
  -h, --help    this help

Exit codes: 0 no problem (warnings allowed), 1 problems found, 2 usage error.

Examples:
  flowlog check
  flowlog check --cwd deploy/production --strict`;

export const check: Command = {
  summary: "print the effective configuration with where each value came from, and every problem",
  help,
  run: runCheck,
};

async function runCheck(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      cwd: { type: "string" },
      strict: { type: "boolean" },
      all: { type: "boolean" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (the directory goes in --cwd)`);
  const cwd = path.resolve(io.cwd, values.cwd ?? ".");
  if (!isDirectory(cwd)) throw new UsageError(`--cwd: not a directory: ${values.cwd}`);

  const loaded = loadConfigWithSources({ cwd, env: io.env, ...(values.strict === true ? { strict: true } : {}) });
  const problems = loaded.parsed._tag === "Left" ? loaded.parsed.left : { errors: [], warnings: loaded.parsed.right.warnings };
  const out: string[] = [
    `Configuration in ${cwd}`,
    `Layers, lowest first: ${loaded.layers.join(" < ")}`,
    "",
    drawTable(configRows(loaded.effective, loaded.sourceOf, values.all === true)),
    "",
  ];
  out.push(...section("problem", problems.errors), ...section("warning", problems.warnings));
  if (problems.errors.length === 0) out.push(`OK: no problem${problems.warnings.length > 0 ? ` (${count(problems.warnings.length, "warning")})` : ""}.`);
  io.stdout.write(`${out.join("\n")}\n`);
  return problems.errors.length > 0 ? EXIT.PROBLEMS : EXIT.OK;
}

function section(noun: string, lines: readonly string[]): string[] {
  if (lines.length === 0) return [];
  return [`${count(lines.length, noun)}:`, ...lines.map((line) => `  ${line}`), ""];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
