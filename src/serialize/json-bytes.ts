/**
 * safeStringify's text written straight into a write buffer as UTF-8, without the string: for
 * the NDJSON file sink, whose usual `extra` is a plain object of a few strings and numbers. As
 * a string, that object cost about 1 KB of garbage a record (each piece a new short string, the
 * joined text, then its flat copy for the write), which in a 200,000-record burst made the
 * young generation grow to its maximum and most of the burst's RSS (measured: +38 MB with the
 * string, +19 MB without, pino sync +21 MB). The same walk writes both (stringify.ts's
 * writeSafeStringify); this is only where the pieces go, so the bytes are the string's bytes.
 */
import { quote, type JsonOut } from "./json-text.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const MINUS = 0x2d;

/**
 * A {@link JsonOut} over a region of a buffer. ASCII text is copied byte by byte (a short
 * string costs less that way than a call into `buffer.write`); anything else goes through
 * `buffer.write`. A piece that might not fit marks the output as overflowed and is not written.
 * One per sink, reused for every record (see {@link start}).
 */
export class JsonBytesOut implements JsonOut {
  #buffer: Buffer = Buffer.alloc(0);
  #position = 0;
  #overflow = false;

  /** Starts writing at `offset` of `buffer`. */
  start(buffer: Buffer, offset: number): void {
    this.#buffer = buffer;
    this.#position = offset;
    this.#overflow = false;
  }

  /** Where the next byte goes: the end of what was written. */
  get position(): number {
    return this.#position;
  }

  /** True when a piece did not fit: what was written is incomplete. */
  get overflow(): boolean {
    return this.#overflow;
  }

  raw(text: string): void {
    if (!this.#room(text.length * 3)) return;
    const buffer = this.#buffer;
    let position = this.#position;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 0x80) {
        this.#position += buffer.write(text, this.#position);
        return;
      }
      buffer[position++] = code;
    }
    this.#position = position;
  }

  quoted(text: string): void {
    // Quotes, backslash and escapes take up to 6 bytes a code unit; the quotes 2 more.
    if (!this.#room(text.length * 6 + 2)) return;
    const buffer = this.#buffer;
    let position = this.#position;
    buffer[position++] = QUOTE;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      // Printable ASCII other than `"` and `\` is written as it is; anything else (escapes,
      // non-ASCII, surrogates) by the string path's quote, from the opening quote again.
      if (code < 0x20 || code >= 0x7f || code === QUOTE || code === BACKSLASH) {
        this.#position += buffer.write(quote(text), this.#position);
        return;
      }
      buffer[position++] = code;
    }
    buffer[position++] = QUOTE;
    this.#position = position;
  }

  number(value: number): void {
    // Safe integers are String(value)'s digits; anything else is its text (exponents, fractions).
    if (!Number.isSafeInteger(value)) {
      this.raw(String(value));
      return;
    }
    if (!this.#room(17)) return;
    const buffer = this.#buffer;
    let rest = value;
    if (rest < 0) {
      buffer[this.#position++] = MINUS;
      rest = -rest;
    }
    let digits = 1;
    for (let power = 10; power <= rest; power *= 10) digits++;
    const end = this.#position + digits;
    for (let position = end - 1; position >= this.#position; position--) {
      buffer[position] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.#position = end;
  }

  mark(): number {
    return this.#position;
  }

  rewind(mark: number): void {
    this.#position = mark;
  }

  #room(bytes: number): boolean {
    if (this.#overflow) return false;
    if (this.#position + bytes <= this.#buffer.length) return true;
    this.#overflow = true;
    return false;
  }
}

