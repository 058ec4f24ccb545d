/**
 * Bytes to lines with a bounded memory: the piece of a line not yet ended is all that is kept
 * between chunks, and a line longer than `maxLineChars` keeps only its head (the rest is counted
 * and dropped, and the line ends with "…[+N chars]"). A chunk may end inside a UTF-8 sequence:
 * StringDecoder holds those bytes for the next one. A trailing CR (CRLF files) is removed.
 */
import { StringDecoder } from "node:string_decoder";

/** Longest line kept whole, in UTF-16 code units (flowlog writes messages of 10 MB and more). */
export const MAX_LINE_CHARS = 32 * 1024 * 1024;

export class LineSplitter {
  /** Decodes UTF-8 across chunk boundaries. */
  #decoder = new StringDecoder("utf8");
  /** The start of the current line, in pieces: joined once, when its newline arrives. */
  #pieces: string[] = [];
  /** Code units in #pieces. */
  #held = 0;
  /** Code units of the current line dropped past the cap. */
  #dropped = 0;

  constructor(private readonly maxLineChars = MAX_LINE_CHARS) {}

  /** The lines this chunk completes (without their newline). */
  push(chunk: Buffer): string[] {
    return this.#split(this.#decoder.write(chunk));
  }

  /** The last line when the input ended without a newline (empty when there is none). */
  end(): string[] {
    const rest = this.#decoder.end();
    const lines = rest === "" ? [] : this.#split(rest);
    if (this.#held > 0 || this.#dropped > 0) lines.push(this.#takeLine(""));
    this.#decoder = new StringDecoder("utf8");
    return lines;
  }

  #split(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      lines.push(this.#takeLine(text.slice(start, newline)));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) this.#hold(text.slice(start));
    return lines;
  }

  /** Keeps the unfinished end of a chunk, up to the cap. */
  #hold(text: string): void {
    const room = this.maxLineChars - this.#held;
    if (text.length <= room) {
      this.#pieces.push(text);
      this.#held += text.length;
      return;
    }
    if (room > 0) this.#pieces.push(text.slice(0, room));
    this.#held += Math.max(room, 0);
    this.#dropped += text.length - Math.max(room, 0);
  }

  /** The held pieces plus the tail of the line, as one line; resets for the next. */
  #takeLine(tail: string): string {
    let line: string;
    if (this.#held === 0 && this.#dropped === 0) {
      line = tail.length > this.maxLineChars ? this.#capped(tail) : tail;
    } else {
      this.#hold(tail);
      line = this.#pieces.join("");
      if (this.#dropped > 0) line += `…[+${this.#dropped} chars]`;
    }
    this.#pieces = [];
    this.#held = 0;
    this.#dropped = 0;
    return line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line;
  }

  #capped(line: string): string {
    return `${line.slice(0, this.maxLineChars)}…[+${line.length - this.maxLineChars} chars]`;
  }
}
