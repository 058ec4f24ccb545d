/**
 * The inputs of `flowlog pretty` and `flowlog stats`: the files in turn, like `cat`, or stdin
 * when there is none. A file that cannot be read is reported on stderr and skipped.
 */
import { stat } from "node:fs/promises";
import { fileLines, streamLines } from "./line-sources.js";
import { EXIT, type CommandIO } from "./usage.js";

/** Called with each batch of lines; resolves false to stop reading (the reader went away). */
export type BatchHandler = (lines: readonly string[]) => boolean | Promise<boolean>;

export interface ReadInputsOptions {
  /** Names the command in error messages. */
  readonly command: string;
  /** Told the bytes of each read from a file. */
  readonly onBytes?: (bytes: number) => void;
}

/** Reads every input; resolves with EXIT.PROBLEMS when a file could not be read, else EXIT.OK. */
export async function readInputs(files: readonly string[], io: CommandIO, handle: BatchHandler, options: ReadInputsOptions): Promise<number> {
  if (files.length === 0) {
    await consume(streamLines(io.stdin), handle);
    return EXIT.OK;
  }
  let status: number = EXIT.OK;
  for (const file of files) {
    try {
      if (!(await consume(fileLines(file, { onBytes: options.onBytes }), handle))) break;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      io.stderr.write(`flowlog ${options.command}: ${file}: cannot read (${reason})\n`);
      status = EXIT.PROBLEMS;
    }
  }
  return status;
}

/** The total size of the files that exist (for a progress indicator). */
export async function totalSize(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(files.map((file) => stat(file).then((s) => s.size, () => 0)));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Feeds every batch to `handle`; false when it asked to stop. */
async function consume(batches: AsyncIterable<string[]>, handle: BatchHandler): Promise<boolean> {
  for await (const lines of batches) {
    if (!(await handle(lines))) return false;
  }
  return true;
}
