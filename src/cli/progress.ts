/**
 * A progress indicator on stderr while `flowlog pretty` converts a large file into a pipe or a
 * file (where nothing else shows that it is working). On a terminal stderr it redraws one line;
 * otherwise (a CI log) it writes a line at each tenth, so it never floods.
 */

/** Inputs at least this large show progress when stdout is not a terminal. */
export const LARGE_INPUT_BYTES = 64 * 1024 * 1024;
/** A terminal line is redrawn at most this often. */
const REDRAW_MS = 200;

/** `--progress` forces it on, `--no-progress` off; by default only for a large input into a non-terminal. */
export function shouldShowProgress(flag: boolean | undefined, stdoutIsTTY: boolean, totalBytes: number): boolean {
  if (flag !== undefined) return flag;
  return !stdoutIsTTY && totalBytes >= LARGE_INPUT_BYTES;
}

/** "flowlog pretty: 42% (430.1 MB of 1.0 GB)". */
export function progressText(done: number, total: number): string {
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
  return `flowlog pretty: ${percent}% (${byteSize(done)} of ${byteSize(total)})`;
}

/** Bytes in B, kB, MB or GB (powers of 1000, one decimal). */
export function byteSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export class ProgressReporter {
  /** Bytes read so far. */
  #done = 0;
  /** When the terminal line was last drawn (ms). */
  #drawnAt = Number.NEGATIVE_INFINITY;
  /** The last tenth reported on a non-terminal stderr. */
  #tenth = -1;

  constructor(
    private readonly total: number,
    private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly now: () => number = () => performance.now(),
  ) {}

  advance(bytes: number): void {
    this.#done += bytes;
    if (this.stderr.isTTY === true) {
      const now = this.now();
      if (now - this.#drawnAt < REDRAW_MS) return;
      this.#drawnAt = now;
      this.stderr.write(`\r${progressText(this.#done, this.total)}\x1b[K`);
      return;
    }
    const tenth = this.total > 0 ? Math.floor((this.#done / this.total) * 10) : 10;
    if (tenth > this.#tenth && tenth < 10) {
      this.#tenth = tenth;
      this.stderr.write(`${progressText(this.#done, this.total)}\n`);
    }
  }

  /** The final 100% line. */
  finish(): void {
    this.stderr.write(`${this.stderr.isTTY === true ? "\r" : ""}${progressText(this.#done, this.total)}${this.stderr.isTTY === true ? "\x1b[K" : ""}\n`);
  }
}
