import * as fs from "node:fs";
import { specialFileKind } from "../../core/file-kind.js";

/** Largest configuration file read (flowlog.yaml, .env): far above any real one, far below harm. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** A config file's text, or that it does not exist, or why it was not read (no path: the caller names the source). */
export type ConfigText = { readonly text: string } | { readonly missing: true } | { readonly problem: string };

/**
 * Reads a configuration file only when it is a regular file of at most 1 MB.
 *
 * Anything else is refused at once, because reading it would hurt the host: `/dev/zero` never
 * ends (memory grows without bound), a FIFO nobody writes blocks the synchronous open forever
 * (no timer fires again), a directory is a mistake worth naming. The path is stat'ed first, so
 * a special file is never opened; the open is non-blocking and the descriptor is checked again,
 * in case the path was swapped in between (a regular file of at most 1 MB then reads to its end).
 */
export function readConfigText(file: string): ConfigText {
  let fd: number | undefined;
  try {
    const before = fs.statSync(file, { throwIfNoEntry: false });
    if (before === undefined) return { missing: true };
    const refused = refusal(before);
    if (refused !== undefined) return { problem: refused };
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const opened = refusal(fs.fstatSync(fd));
    if (opened !== undefined) return { problem: opened };
    return { text: fs.readFileSync(fd, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { missing: true };
    return { problem: `cannot be read (${code ?? "unknown error"})` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function refusal(stats: fs.Stats): string | undefined {
  const kind = specialFileKind(stats);
  if (kind !== undefined) return `is ${kind}, not a regular file: configuration is read only from regular files`;
  if (stats.size > MAX_CONFIG_FILE_BYTES) return tooLarge(stats.size);
  return undefined;
}

function tooLarge(size: number): string {
  return `is too large (${(size / (1024 * 1024)).toFixed(1)} MB): configuration files are read up to 1 MB`;
}
