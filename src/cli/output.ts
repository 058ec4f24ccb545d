/**
 * stdout for a command that may write gigabytes: text is gathered into writes of about 64 kB,
 * and the next write waits for 'drain' when the stream is full, so a slow reader (a pager, a
 * pipe) holds memory at one buffer. When the reader goes away (EPIPE: `| head`), `closed` turns
 * true and the command stops reading, as `cat` does.
 */
import { once } from "node:events";

const FLUSH_AT = 64 * 1024;

export class BufferedOutput {
  /** Text not yet handed to the stream. */
  #pending = "";
  /** The stream failed or closed: nothing more is written. */
  #closed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on("error", () => {
      this.#closed = true;
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Adds text; call `flushIfFull` between batches. */
  write(text: string): void {
    if (!this.#closed) this.#pending += text;
  }

  /** Writes out once enough text is gathered. */
  async flushIfFull(): Promise<void> {
    if (this.#pending.length >= FLUSH_AT) await this.flush();
  }

  /** Hands every pending character to the stream, waiting for 'drain' if it is full. */
  async flush(): Promise<void> {
    if (this.#pending === "" || this.#closed) return;
    const text = this.#pending;
    this.#pending = "";
    if (!this.stream.write(text)) {
      await Promise.race([once(this.stream, "drain"), once(this.stream, "close")]).catch(() => undefined);
    }
  }

  /** Flushes, then waits until the stream has taken everything (so the process may exit). */
  async end(): Promise<void> {
    await this.flush();
    if (this.#closed) return;
    await new Promise<void>((resolve) => {
      this.stream.write("", () => resolve());
    });
  }
}
