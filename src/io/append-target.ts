import * as fs from "node:fs";
import { FlowlogSinkError } from "../core/errors.js";
import { specialFileKind, type FileKindStats } from "../core/file-kind.js";

/**
 * Where logs may be appended: a regular file, or a character device such as /dev/null or
 * /dev/full. Never a FIFO, a socket or a block device.
 *
 * Writes are synchronous (see FileAppender), so the target must never block: opening a FIFO
 * nobody reads blocks the open itself, and with it the whole event loop (no timer fires, not
 * even complete()'s deadline). A FIFO or socket is therefore refused, with a message that says
 * so, at construction and again at every open (the path may change kind in between); the open
 * is non-blocking as well, so even a path swapped between the check and the open cannot hang,
 * and a character device that would block (a stopped terminal) fails a write instead.
 */

/** O_APPEND (no hole after an outside truncation) and O_NONBLOCK (no open or write ever waits). */
const APPEND_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND | fs.constants.O_NONBLOCK;

/** Why logs cannot go to a file of this kind, or undefined when they can. Directories fail at open (EISDIR). */
function refusal(stats: FileKindStats): string | undefined {
  if (!stats.isFIFO() && !stats.isSocket() && !stats.isBlockDevice()) return undefined;
  return (
    `is ${specialFileKind(stats)}: flowlog appends logs only to regular files (or a character device ` +
    "such as /dev/null), because a write there could block the whole process; for standard output use the terminal sink"
  );
}

/** Throws FlowlogSinkError when `file` exists and is a FIFO, socket or block device; what the user named is quoted. */
export function refuseSpecialAppendTarget(file: string, what: string): void {
  let stats: fs.Stats | undefined;
  try {
    stats = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    // ENOTDIR, EACCES...: not a special file; the open reports the real cause, counted as usual.
    return;
  }
  const refused = stats === undefined ? undefined : refusal(stats);
  if (refused !== undefined) throw new FlowlogSinkError(`${what} ${JSON.stringify(file)} ${refused}`);
}

/**
 * Opens `file` for appending (creating it), after checking what it is; returns the descriptor
 * and its stats. Throws the filesystem's error, or FlowlogSinkError for a refused kind.
 */
export function openAppendTarget(file: string, what: string): { readonly fd: number; readonly stats: fs.Stats } {
  refuseSpecialAppendTarget(file, what);
  const fd = fs.openSync(file, APPEND_FLAGS, 0o666);
  try {
    const stats = fs.fstatSync(fd);
    const refused = refusal(stats);
    if (refused !== undefined) throw new FlowlogSinkError(`${what} ${JSON.stringify(file)} ${refused}`);
    return { fd, stats };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}
