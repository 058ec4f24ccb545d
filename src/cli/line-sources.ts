/**
 * Where `flowlog pretty` and `flowlog stats` get their lines: a file read once, a file followed
 * like `tail -F`, or a stream (stdin). Each is an async iterable of line batches (one batch per
 * chunk read), read through one fixed buffer: memory does not grow with the file.
 */
import type { FileHandle } from "node:fs/promises";
import { open, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { LineSplitter } from "./line-splitter.js";

/** Bytes read at a time. */
const CHUNK_BYTES = 256 * 1024;
/** How often a followed file is checked for growth, rotation and truncation. */
export const FOLLOW_POLL_MS = 250;

export interface ReadOptions {
  /** Told how many bytes each read returned (for the progress indicator). */
  readonly onBytes?: (bytes: number) => void;
}

export interface FollowOptions {
  /** Ends the following. */
  readonly signal: AbortSignal;
  /** Said on stderr when the file is rotated, truncated or missing. */
  readonly notice: (text: string) => void;
  readonly pollMs?: number;
}

/** The lines of a file, read once from start to end. Throws (ENOENT, EACCES) before the first batch. */
export async function* fileLines(file: string, options: ReadOptions = {}): AsyncGenerator<string[]> {
  const handle = await open(file, "r");
  try {
    const splitter = new LineSplitter();
    yield* readToEnd(handle, 0, Buffer.allocUnsafe(CHUNK_BYTES), splitter, options, () => undefined);
    const last = splitter.end();
    if (last.length > 0) yield last;
  } finally {
    await handle.close();
  }
}

/** The lines of a stream (stdin) until it ends. */
export async function* streamLines(stream: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  const splitter = new LineSplitter();
  for await (const chunk of stream) {
    const lines = splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/**
 * The lines of a file now and as it grows, like `tail -F`, until `signal` aborts: when the
 * path names another file (renamed away and recreated: logrotate, flowlog's own rotation), the
 * old file is read to its end and the new one from its start; when the file shrinks
 * (truncated: copytruncate), it is read again from its start; while the path is missing, it is
 * waited for.
 */
export async function* followLines(file: string, options: FollowOptions): AsyncGenerator<string[]> {
  const pollMs = options.pollMs ?? FOLLOW_POLL_MS;
  const splitter = new LineSplitter();
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let handle: FileHandle | undefined;
  let identity = ""; // dev:ino of the open file
  let position = 0;
  let missingSaid = false;
  const advance = (bytes: number): void => {
    position += bytes;
  };
  try {
    while (!options.signal.aborted) {
      if (handle === undefined) {
        handle = await openOrUndefined(file);
        if (handle === undefined) {
          if (!missingSaid) options.notice(`${file}: not found; waiting for it to appear`);
          missingSaid = true;
          await pause(pollMs, options.signal);
          continue;
        }
        identity = fileIdentity(await handle.stat());
        position = 0;
        missingSaid = false;
      }
      yield* readToEnd(handle, position, buffer, splitter, {}, advance);
      const now = await statOrUndefined(file);
      if (now !== undefined && fileIdentity(now) !== identity) {
        // Rotated: what the writer added to the old file before it moved is read first.
        yield* readToEnd(handle, position, buffer, splitter, {}, advance);
        const last = splitter.end();
        if (last.length > 0) yield last;
        await handle.close();
        handle = undefined;
        options.notice(`${file}: replaced (rotated); following the new file`);
        continue;
      }
      if (now !== undefined && now.size < position) {
        const last = splitter.end();
        if (last.length > 0) yield last;
        position = 0;
        options.notice(`${file}: truncated; reading from its start`);
        continue;
      }
      await pause(pollMs, options.signal);
    }
  } finally {
    await handle?.close();
  }
}

/** Reads from `position` until a read returns nothing, a batch of lines per chunk. */
async function* readToEnd(
  handle: FileHandle,
  position: number,
  buffer: Buffer,
  splitter: LineSplitter,
  options: ReadOptions,
  advance: (bytes: number) => void,
): AsyncGenerator<string[]> {
  let at = position;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    if (bytesRead === 0) return;
    at += bytesRead;
    advance(bytesRead);
    options.onBytes?.(bytesRead);
    const lines = splitter.push(buffer.subarray(0, bytesRead));
    if (lines.length > 0) yield lines;
  }
}

function fileIdentity(stats: { dev: number; ino: number }): string {
  return `${stats.dev}:${stats.ino}`;
}

async function openOrUndefined(file: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function statOrUndefined(file: string): Promise<{ dev: number; ino: number; size: number } | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

/** Waits `ms`, or less when `signal` aborts; never throws. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal, ref: true });
  } catch {
    // aborted: the caller's loop checks the signal
  }
}
