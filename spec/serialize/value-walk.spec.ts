import { expect } from "chai";
import { serializeError } from "../../src/serialize/error.js";
import { createContext, CIRCULAR, DEPTH } from "../../src/serialize/internal.js";
import { DEFAULT_LIMITS } from "../../src/serialize/limits.js";
import { walk, walkObject, walkProps } from "../../src/serialize/value-walk.js";

/*
 * The walker's own contract, as its two callers (toSafeValue, serializeError's fields) rely on
 * it. The full table of representations is specified in safe-value.spec.ts.
 */
const errorForm = (err: object) => serializeError(err);
const context = (freeze = false, limits = DEFAULT_LIMITS) => createContext(limits, freeze, errorForm);

describe("serialize/value-walk: any value to a JSON tree, never throwing", () => {
  it("walk returns undefined only for undefined (the caller applies JSON's rule: omit the key, or null in an array)", () => {
    expect(walk(undefined, 0, context())).to.equal(undefined);
    expect(walk(null, 0, context())).to.equal(null);
    expect(walk(Number.NaN, 0, context())).to.equal("NaN");
    expect(walk(-0, 0, context())).to.equal(0);
    expect(walk(10n, 0, context())).to.equal("10n");
    expect(walk({ a: undefined, b: [undefined] }, 0, context())).to.deep.equal({ b: [null] });
  });

  it("toJSON is called once, as JSON does: a toJSON result's own toJSON is not called (functions show as text)", () => {
    let calls = 0;
    const inner = { toJSON: () => (calls++, "inner called") };
    const outer = { toJSON: () => inner };
    expect(walk(outer, 0, context())).to.deep.equal({ toJSON: "[Function toJSON]" });
    expect(walkObject({ toJSON: () => "not called", id: 1 }, 0, context(), false)).to.deep.equal({ toJSON: "[Function toJSON]", id: 1 });
    expect(calls).to.equal(0);
  });

  it("a cycle is marked on the current path only; an object shared by two keys is written twice", () => {
    const shared = { id: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    expect(walk(cyclic, 0, context())).to.deep.equal({ shared: { id: 1 }, again: { id: 1 }, self: CIRCULAR });
  });

  it("containers at maxDepth become the depth marker; leaves never do", () => {
    const limits = { ...DEFAULT_LIMITS, maxDepth: 1 };
    expect(walk({ nested: { deep: 1 }, when: new Date(0), text: "leaf" }, 0, context(false, limits))).to.deep.equal({
      nested: DEPTH,
      when: "1970-01-01T00:00:00.000Z",
      text: "leaf",
    });
  });

  it("inside a serialised error everything is frozen as it is made", () => {
    const out = walk({ list: [{ a: 1 }] }, 0, context(true)) as { list: { a: number }[] };
    expect(Object.isFrozen(out)).to.equal(true);
    expect(Object.isFrozen(out.list)).to.equal(true);
    expect(Object.isFrozen(out.list[0])).to.equal(true);
    expect(Object.isFrozen(walk({ a: 1 }, 0, context(false)))).to.equal(false);
  });

  it("walkProps leaves out the keys the caller renders elsewhere, and a getter that throws costs only its key", () => {
    const err = Object.defineProperties(new Error("m"), {
      code: { value: "E_X", enumerable: true },
      secretGetter: {
        enumerable: true,
        get: () => {
          throw new Error("denied");
        },
      },
    });
    expect(walkProps(err, 0, context(), new Set(["code"]))).to.deep.equal({ secretGetter: "[Getter threw: denied]" });
  });
});
