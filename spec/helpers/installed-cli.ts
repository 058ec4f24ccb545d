/**
 * The `flowlog` command as a user gets it: the package packed with `npm pack` (which builds
 * dist/), installed into an empty folder with `npm install <tarball>`, run with `npx flowlog`.
 * Packed and installed once per mocha process (the first spec file that asks pays ~10 s);
 * `CLI_TARBALL` reuses a tarball packed beforehand (.ci/run passes its own; not a FLOWLOG_
 * name, since flowlog warns about FLOWLOG_ variables it does not know). The folder is removed
 * by a root after-hook once every spec has run (and, as a backstop, on 'exit'); a later run
 * removes what a killed run left (makeOwnedTempDir).
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { makeOwnedTempDir } from "./temp-dir.js";

const run = promisify(execFile);
const repository = path.resolve(import.meta.dirname, "..", "..");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** Where the command runs (default: the consumer folder). */
  readonly cwd?: string;
  /** Variables added to a clean environment (no FLOWLOG_*, NO_COLOR=1). */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to the command's stdin, then closed. */
  readonly input?: string;
  /**
   * Run the installed bin (node_modules/.bin/flowlog) itself rather than through npx: for tests
   * that signal the command, since npx runs it in a shell of its own and passes no signal on.
   */
  readonly direct?: boolean;
}

export interface InstalledCli {
  /** The consumer project: package.json and node_modules/flowlog, nothing else. */
  readonly dir: string;
  /** `npx flowlog ...args` to its end. */
  run(args: readonly string[], options?: CliRunOptions): Promise<CliResult>;
  /** `npx flowlog ...args`, left running (stdio piped). */
  start(args: readonly string[], options?: CliRunOptions): ChildProcessWithoutNullStreams;
}

let installed: Promise<InstalledCli> | undefined;
/** The folder this process made (tarball and consumer), until the root after-hook removes it. */
let madeDir: string | undefined;

function removeMadeDir(): void {
  if (madeDir !== undefined) fs.rmSync(madeDir, { recursive: true, force: true });
  madeDir = undefined;
  installed = undefined;
}

// Evaluated while mocha loads the first spec that imports this file, outside any describe: a
// root hook, run once after the whole suite (also when only that spec file is run).
after(removeMadeDir);
process.once("exit", removeMadeDir);

/** The packed package installed into an empty folder (once per process). */
export function installedCli(): Promise<InstalledCli> {
  installed ??= install();
  return installed;
}

async function install(): Promise<InstalledCli> {
  const dir = (madeDir = makeOwnedTempDir("flowlog-cli-"));
  const tarball = process.env.CLI_TARBALL ?? (await pack(dir));
  const consumer = path.join(dir, "consumer");
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
  // nodemailer is flowlog's optional peer: installed so `flowlog test` can reach the e-mail sink.
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, `nodemailer@${nodemailerVersion()}`], { cwd: consumer });
  return {
    dir: consumer,
    run: (args, options = {}) => collect(start(consumer, args, options), options.input),
    start: (args, options = {}) => start(consumer, args, options),
  };
}

async function pack(dir: string): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: repository });
  const name = stdout.trim().split("\n").pop() ?? "";
  return path.join(dir, name);
}

function nodemailerVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(repository, "node_modules", "nodemailer", "package.json"), "utf8")) as { version: string }).version;
}

/** The parent's environment without flowlog's variables or colour settings, plus `extra`. */
function cleanEnv(extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("FLOWLOG_") && name !== "FORCE_COLOR" && name !== "NO_COLOR") env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

function start(consumer: string, args: readonly string[], options: CliRunOptions): ChildProcessWithoutNullStreams {
  const spawnOptions = { cwd: options.cwd ?? consumer, env: cleanEnv(options.env), stdio: "pipe" } as const;
  if (options.direct === true) return spawn(path.join(consumer, "node_modules", ".bin", "flowlog"), [...args], spawnOptions);
  return spawn("npx", ["--no", "--", "flowlog", ...args], spawnOptions);
}

function collect(child: ChildProcessWithoutNullStreams, input: string | undefined): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
