/**
 * What every subcommand shares: exit codes, usage errors, and `parseArgs` with its errors turned
 * into usage errors.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** The exit codes of every `flowlog` command (the README lists them). */
export const EXIT = Object.freeze({
  /** Done; nothing to report. */
  OK: 0,
  /** The command ran and found problems: configuration errors, a sink that failed, a file that could not be read. */
  PROBLEMS: 1,
  /** The command line itself is wrong: unknown option, bad value, missing argument. */
  USAGE: 2,
});

/** A mistake in the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** What a subcommand reads and writes: the process's streams and environment, passed in. */
export interface CommandIO {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface Command {
  /** One line for the list of commands. */
  readonly summary: string;
  /** The whole --help text. */
  readonly help: string;
  /** Runs with the arguments after the subcommand's name; resolves with the exit code. */
  readonly run: (args: string[], io: CommandIO) => Promise<number>;
}

/**
 * `parseArgs` in strict mode; its errors (unknown option, missing value) become UsageErrors with
 * Node's own wording.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, ...config });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) throw new UsageError((error as Error).message);
    throw error;
  }
}
