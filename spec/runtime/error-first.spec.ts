import { expect } from "chai";
import { errorFirstOptions } from "../../src/runtime/error-first.js";

describe("runtime/error-first: the options of `log.error(err, ...)`", () => {
  it("whatever was thrown becomes the exception, with the extra of the options when given", () => {
    const error = new Error("boom");
    expect(errorFirstOptions(error, { extra: { id: 1 } })).to.deep.equal({ exc: error, extra: { id: 1 } });
    expect(errorFirstOptions("a string was thrown", undefined)).to.deep.equal({ exc: "a string was thrown", extra: undefined });
    expect(errorFirstOptions({ code: 42 }, null)).to.deep.equal({ exc: { code: 42 }, extra: undefined });
  });

  it("options that are not an object give no extra", () => {
    expect(errorFirstOptions(new Error("x"), 12).extra).to.equal(undefined);
  });

  it("options whose extra getter throws still give the exception, and a placeholder naming what was thrown", () => {
    const error = new Error("boom");
    const hostile = {
      get extra(): never {
        throw new Error("getter exploded");
      },
    };
    const options = errorFirstOptions(error, hostile);
    expect(options.exc).to.equal(error);
    expect(options.extra).to.have.property("[Unserializable extra]").that.includes("getter exploded");
  });
});
