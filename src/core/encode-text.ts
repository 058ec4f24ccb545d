/**
 * A formatted text encoded into a write buffer, for formats without an encoder of their own.
 * It lives in core because both sides use it: format/ writes records with it, io/ fills its
 * write buffer through a RecordEncoder (io knows no format).
 * UTF-8 takes at most 3 bytes per UTF-16 code unit, so `length * 3` bytes of room are enough
 * for any text; with less, nothing is written and the caller makes room first.
 */

/** `text` written into `buffer` at `offset`: its length in bytes, or -1 when it might not fit. */
export function encodeText(text: string, buffer: Buffer, offset: number): number {
  return text.length * 3 > buffer.length - offset ? -1 : buffer.write(text, offset);
}

/** Writes one item into `buffer` at `offset`: the bytes written, or -1 when it might not fit. */
export type RecordEncoder<T> = (item: T, buffer: Buffer, offset: number) => number;
