import { expect } from "chai";
import { FlowlogConfigError } from "../../src/core/errors.js";
import { applySerializers, copySerializers } from "../../src/runtime/serializers.js";

describe("runtime/serializers: the `serializers` option", () => {
  describe("applySerializers", () => {
    it("replaces only the keys that have a serializer, and never changes the caller's object", () => {
      const extra = { user: { name: "ada", password: "pw" }, id: 7 };
      const out = applySerializers(extra, { user: (value) => (value as { name: string }).name, absent: () => "never called" });
      expect(out).to.deep.equal({ user: "ada", id: 7 });
      expect(out).to.not.have.property("absent");
      expect(extra.user).to.deep.equal({ name: "ada", password: "pw" });
    });

    it("reads the value as it is at the call", () => {
      const extra = { count: 1 };
      const out = applySerializers(extra, { count: (value) => value });
      extra.count = 2;
      expect(out).to.deep.equal({ count: 1 });
    });

    it("a serializer that throws leaves a placeholder naming the error in its key; the other keys are kept", () => {
      const out = applySerializers({ a: 1, b: 2 }, {
        a: () => {
          throw new Error("bad serializer");
        },
      });
      expect(out.b).to.equal(2);
      expect(out.a).to.be.a("string").that.matches(/^\[Serializer threw: .*bad serializer.*\]$/);
    });

    it("a hostile extra (a Proxy whose traps throw) still gives an object, never a throw", () => {
      const hostile = new Proxy({}, {
        has: () => {
          throw new Error("trap");
        },
        getOwnPropertyDescriptor: () => {
          throw new Error("trap");
        },
        ownKeys: () => {
          throw new Error("trap");
        },
      });
      const out = applySerializers(hostile, { a: (value) => value });
      expect(out).to.have.property("[Unserializable extra]").that.includes("trap");
    });
  });

  describe("copySerializers", () => {
    it("no option, or an empty one, is undefined: nothing to do per call", () => {
      expect(copySerializers(undefined)).to.equal(undefined);
      expect(copySerializers({})).to.equal(undefined);
    });

    it("keeps a frozen copy: changing the option object later changes nothing", () => {
      const option: Record<string, unknown> = { user: (value: unknown) => value };
      const copy = copySerializers(option)!;
      option.user = "not a function any more";
      option.added = () => "late";
      expect(copy.user).to.be.a("function");
      expect(copy).to.not.have.property("added");
      expect(Object.isFrozen(copy)).to.equal(true);
    });

    it("a value that is not a function is a FlowlogConfigError naming the key, at construction", () => {
      expect(() => copySerializers({ user: null })).to.throw(FlowlogConfigError, /serializers\.user: expected a function .*got null/);
      expect(() => copySerializers({ req: "text" })).to.throw(FlowlogConfigError, /serializers\.req: .*got string/);
    });
  });
});
