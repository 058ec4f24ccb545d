import { expect } from "chai";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { lazyCodec } from "../../src/config/lazy-codec.js";
import { drawErrors, dottedPath } from "../../src/config/report.js";
import { fail } from "../../src/config/validation.js";

/** A codec accepting "on" only, and how many times it was built. */
function counted() {
  const counter = { builds: 0 };
  const codec = lazyCodec(() => {
    counter.builds++;
    return new t.Type<string, string, unknown>(
      "OnlyOn",
      (u): u is string => u === "on",
      (u, c) => (u === "on" ? t.success("on") : fail(u, c, 'expected "on"')),
      t.identity,
    );
  });
  return { codec, counter };
}

describe("config/lazy-codec: a codec built by its first use", () => {
  it("is not built when declared, is built by its first use, and only once", () => {
    const { codec, counter } = counted();
    expect(counter.builds).to.equal(0);
    expect(isRight(codec.decode("on"))).to.equal(true);
    expect(codec.is("off")).to.equal(false);
    expect(counter.builds).to.equal(1);
  });

  it("answers as the built codec: name, decode, encode, instanceof", () => {
    const { codec } = counted();
    expect(codec.name).to.equal("OnlyOn");
    expect(codec.encode("on")).to.equal("on");
    expect(codec.encode).to.equal(t.identity);
    expect(codec).to.be.instanceOf(t.Type);
    const decoded = codec.decode("off");
    expect(isLeft(decoded) && decoded.left.map((error) => (error as { message?: string }).message)).to.deep.equal(['expected "on"']);
  });

  it("inside io-ts's combinators the errors read as with the codec itself", () => {
    const { codec } = counted();
    const decoded = t.exact(t.type({ mode: codec })).decode({ mode: 1 });
    expect(isLeft(decoded) && drawErrors(decoded.left, "flowlog.yaml", dottedPath)).to.deep.equal([
      'flowlog.yaml: mode: expected "on", got 1',
    ]);
  });
});
