import { expect } from "chai";
import { encodeText } from "../../src/core/encode-text.js";

describe("core/encode-text encodeText", () => {
  it("writes the text's UTF-8 at the offset and returns its length in bytes", () => {
    const buffer = Buffer.alloc(64, 0x7e);
    const text = "é漢\ud83d\ude00 ok\n";
    const bytes = encodeText(text, buffer, 10);
    expect(bytes).to.equal(Buffer.byteLength(text));
    expect(buffer.subarray(10, 10 + bytes).toString("utf8")).to.equal(text);
    expect(buffer[9]).to.equal(0x7e);
    expect(buffer[10 + bytes]).to.equal(0x7e);
  });

  it("writes nothing and returns -1 unless 3 bytes per code unit are left, so no text is ever cut short", () => {
    const buffer = Buffer.alloc(30, 0x7e);
    expect(encodeText("漢".repeat(10), buffer, 1)).to.equal(-1);
    expect(buffer.every((byte) => byte === 0x7e)).to.equal(true);
    expect(encodeText("漢".repeat(10), buffer, 0)).to.equal(30);
    expect(buffer.toString("utf8")).to.equal("漢".repeat(10));
  });
});
