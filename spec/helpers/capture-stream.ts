import { Writable } from "node:stream";

/** A real Writable that keeps what is written, standing in for stdout or stderr. */
export class CaptureStream extends Writable {
  readonly chunks: string[] = [];
  isTTY: boolean;

  constructor(isTTY = false) {
    super({
      write: (chunk: Buffer | string, _encoding, callback) => {
        this.chunks.push(chunk.toString());
        callback();
      },
    });
    this.isTTY = isTTY;
  }

  get text(): string {
    return this.chunks.join("");
  }
}
