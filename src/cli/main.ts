#!/usr/bin/env node
/**
 * The `flowlog` command: `flowlog <command> [options]`. This file only picks the subcommand,
 * prints help and turns errors into exit codes; each subcommand lives in its own file.
 */
import { readFileSync } from "node:fs";
import { check } from "./check.js";
import { pretty } from "./pretty.js";
import { stats } from "./stats.js";
import { test } from "./test.js";
import { EXIT, UsageError, type Command, type CommandIO } from "./usage.js";

const COMMANDS: Readonly<Record<string, Command>> = { pretty, check, test, stats };

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const list = Object.entries(COMMANDS)
    .map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
    .join("\n");
  return `Usage: flowlog <command> [options]

Commands:
${list}

Run "flowlog <command> --help" for the options of one command.

Exit codes: 0 done and clean, 1 the command found problems (configuration errors, a sink
that failed, a file that could not be read), 2 usage error.`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs one command line; resolves with the exit code. */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    const topic = name === "help" && rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    io.stdout.write(`${topic?.help ?? mainHelp()}\n`);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${version()}\n`);
    return EXIT.OK;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr.write(`flowlog: unknown command ${JSON.stringify(name)}\n\n${mainHelp()}\n`);
    return EXIT.USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.help}\n`);
    return EXIT.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`flowlog ${name}: ${error.message}\nRun "flowlog ${name} --help" for usage.\n`);
      return EXIT.USAGE;
    }
    throw error;
  }
}

const io: CommandIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
main(process.argv.slice(2), io).then(exitAfterOutput, (error: unknown) => {
  process.stderr.write(`flowlog: ${error instanceof Error ? error.message : String(error)}\n`);
  exitAfterOutput(EXIT.PROBLEMS);
});

/**
 * Exits once stdout has taken what was written (stdin or a follow timer would otherwise keep
 * the process alive after the work is done).
 */
function exitAfterOutput(code: number): void {
  if (process.stdout.writableEnded || process.stdout.destroyed) process.exit(code);
  process.stdout.write("", () => process.exit(code));
}
