import { expect } from "chai";
import * as t from "io-ts";
import { accepting } from "../../src/config/accepts.js";

/*
 * What `accepting` types (the input a codec takes from code, FlowlogConfigInput) is checked by
 * the compiler in spec/types; at run time it must leave the codec exactly as it was.
 */
describe("config/accepts accepting<In>(): a compile-time marker on a codec", () => {
  it("returns the very codec it was given: decoding is unchanged", () => {
    const codec = t.string;
    const marked = accepting<string | number>()(codec);
    expect(marked).to.equal(codec);
    expect(marked.decode("text")).to.deep.equal(codec.decode("text"));
  });
});
