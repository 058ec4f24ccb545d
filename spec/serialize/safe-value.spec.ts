import { expect } from "chai";
import { DEFAULT_LIMITS, toSafeValue, type JsonValue, type SerializeLimits } from "../../src/serialize/index.js";

/** An Error with a fixed stack, so expectations can be exact. */
function fixedError(message: string, extra: Record<string, unknown> = {}): Error {
  const err = Object.assign(new Error(message), extra);
  Object.defineProperty(err, "stack", { value: `STACK ${message}`, writable: true, configurable: true });
  return err;
}

function limits(overrides: Partial<SerializeLimits>): SerializeLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** `levels` nested { [key]: ... } around `leaf`. */
function nest(levels: number, key: string, leaf: JsonValue): JsonValue {
  let out = leaf;
  for (let i = 0; i < levels; i++) out = { [key]: out };
  return out;
}


describe("serialize/toSafeValue", () => {
  describe("primitives and simple values", () => {
    const sym = Symbol("desc");
    const anonymous = (() => () => 1)();
    const cases: ReadonlyArray<readonly [string, () => unknown, JsonValue]> = [
      ["a string", () => "hi", "hi"],
      ["a finite number", () => 1.5, 1.5],
      ["true", () => true, true],
      ["null", () => null, null],
      ["NaN", () => NaN, "NaN"],
      ["Infinity", () => Infinity, "Infinity"],
      ["-Infinity", () => -Infinity, "-Infinity"],
      ["a BigInt keeps its value", () => 123456789012345678901234567890n, "123456789012345678901234567890n"],
      ["a negative BigInt", () => -5n, "-5n"],
      ["a symbol value", () => sym, "[Symbol(desc)]"],
      ["a symbol without description", () => Symbol(), "[Symbol()]"],
      ["a named function", () => function handler() {}, "[Function handler]"],
      ["an anonymous function", () => anonymous, "[Function (anonymous)]"],
      ["a class", () => class Foo {}, "[Function Foo]"],
      ["undefined at top level", () => undefined, "[undefined]"],
      ["a Date", () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), "2024-01-02T03:04:05.006Z"],
      ["an invalid Date", () => new Date(NaN), "[Invalid Date]"],
      ["a RegExp", () => /ab+c/gi, "/ab+c/gi"],
      ["a Buffer", () => Buffer.from("hello world!"), "[Buffer(12)]"],
      ["a Uint8Array", () => new Uint8Array(12), "[Uint8Array(12)]"],
      ["a Float64Array", () => new Float64Array(3), "[Float64Array(3)]"],
      ["an ArrayBuffer", () => new ArrayBuffer(16), "[ArrayBuffer(16)]"],
      ["a SharedArrayBuffer", () => new SharedArrayBuffer(8), "[SharedArrayBuffer(8)]"],
      ["a DataView", () => new DataView(new ArrayBuffer(8)), "[DataView(8)]"],
      ["a WeakMap", () => new WeakMap(), "[WeakMap]"],
      ["a WeakSet", () => new WeakSet(), "[WeakSet]"],
      ["a WeakRef", () => new WeakRef({}), "[WeakRef]"],
      ["a Promise", () => Promise.resolve(1), "[Promise]"],
      ["a boxed string", () => new String("boxed"), "boxed"],
      ["a boxed number", () => new Number(NaN), "NaN"],
      ["a boxed boolean", () => new Boolean(false), false],
      ["a boxed BigInt", () => Object(7n), "7n"],
      ["a lone surrogate stays as it is", () => "a\ud800b", "a\ud800b"],
    ];
    for (const [name, make, expected] of cases) {
      it(`${name} -> ${JSON.stringify(expected)}`, () => {
        expect(toSafeValue(make())).to.deep.equal(expected);
      });
    }

    it("-0 becomes 0", () => {
      expect(Object.is(toSafeValue(-0), 0)).to.equal(true);
      expect(Object.is((toSafeValue({ z: -0 }) as { z: number }).z, 0)).to.equal(true);
    });
  });

  describe("containers", () => {
    const cases: ReadonlyArray<readonly [string, () => unknown, JsonValue]> = [
      ["undefined properties are omitted", () => ({ a: 1, u: undefined }), { a: 1 }],
      ["undefined array items become null", () => [undefined, 1], [null, 1]],
      ["sparse array holes become null", () => [1, , 3], [1, null, 3]], // eslint-disable-line no-sparse-arrays
      ["symbols and functions as property values", () => ({ s: Symbol("v"), f() {} }), { s: "[Symbol(v)]", f: "[Function f]" }],
      ["symbol keys are kept as text", () => ({ a: 1, [Symbol("k")]: 2 }), { a: 1, "[Symbol(k)]": 2 }],
      [
        "non-enumerable properties are ignored",
        () => Object.defineProperty({ a: 1 }, "hidden", { value: 2, enumerable: false }),
        { a: 1 },
      ],
      [
        "a Map: entries with keys and values made safe",
        () => new Map<unknown, unknown>([["a", 1n], [{ k: 1 }, new Set([NaN])]]),
        { "[Map]": [["a", "1n"], [{ k: 1 }, { "[Set]": ["NaN"] }]] },
      ],
      ["a Map value undefined becomes null", () => new Map([[1, undefined]]), { "[Map]": [[1, null]] }],
      ["a Set", () => new Set([1, "two", undefined]), { "[Set]": [1, "two", null] }],
      ["a class instance: its own enumerable fields", () => new (class Point { x = 1; y = 2; })(), { x: 1, y: 2 }],
      [
        "Object.create(null)",
        () => Object.assign(Object.create(null) as object, { a: 1, b: { c: 2 } }),
        { a: 1, b: { c: 2 } },
      ],
      ["a working toJSON: its result, made safe", () => ({ v: { toJSON: () => ({ big: 1n, n: NaN }) } }), { v: { big: "1n", n: "NaN" } }],
      ["a toJSON returning a primitive", () => ({ money: { toJSON: () => "12.50 EUR" } }), { money: "12.50 EUR" }],
      ["a toJSON returning undefined: omitted like JSON", () => ({ a: 1, gone: { toJSON: () => undefined } }), { a: 1 }],
      [
        "an Error inside a value: the serializeError form",
        () => ({ err: fixedError("boom", { code: "E_BOOM" }) }),
        { err: { type: "Error", message: "boom", stack: "STACK boom", fields: { code: "E_BOOM" } } },
      ],
      [
        "an Error whose class has toJSON is still an Error",
        () => [Object.assign(fixedError("ax"), { toJSON: () => "no" })],
        [{ type: "Error", message: "ax", stack: "STACK ax", fields: { toJSON: "[Function toJSON]" } }],
      ],
    ];
    for (const [name, make, expected] of cases) {
      it(name, () => {
        expect(toSafeValue(make())).to.deep.equal(expected);
      });
    }

    it("outputs normal objects, never null-prototype ones", () => {
      const out = toSafeValue(Object.assign(Object.create(null) as object, { a: { b: 1 } })) as Record<string, JsonValue>;
      expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
      expect(Object.getPrototypeOf(out.a)).to.equal(Object.prototype);
    });

    it("copies: the input is never returned or modified", () => {
      const input = Object.freeze({ a: Object.freeze([1, 2]) });
      const out = toSafeValue(input) as { a: JsonValue[] };
      expect(out).to.deep.equal({ a: [1, 2] });
      expect(out).not.to.equal(input);
      expect(out.a).not.to.equal(input.a);
      expect(Object.isFrozen(out)).to.equal(false);
    });

    it("reads each property once (a getter runs once)", () => {
      let reads = 0;
      const input = {
        get counted() {
          reads += 1;
          return reads;
        },
      };
      expect(toSafeValue(input)).to.deep.equal({ counted: 1 });
      expect(reads).to.equal(1);
    });
  });

  describe("__proto__ and prototype keys", () => {
    it('keeps "__proto__" as an own key and leaves Object.prototype alone', () => {
      const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
      const out = toSafeValue(input) as Record<string, JsonValue>;
      expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
      expect(Object.keys(out)).to.deep.equal(["__proto__", "a"]);
      expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).to.deep.equal({ polluted: true });
      expect(JSON.stringify(out)).to.equal('{"__proto__":{"polluted":true},"a":1}');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(Object.prototype).not.to.have.own.property("polluted");
    });

    it("keeps keys named like Object.prototype members as own data", () => {
      const out = toSafeValue({ constructor: "c", toString: "t", hasOwnProperty: 1 }) as Record<string, JsonValue>;
      expect(Object.keys(out)).to.deep.equal(["constructor", "toString", "hasOwnProperty"]);
      expect(out.toString).to.equal("t");
    });
  });

  describe("cycles", () => {
    it("an object containing itself", () => {
      const a: Record<string, unknown> = { x: 1 };
      a.self = a;
      expect(toSafeValue(a)).to.deep.equal({ x: 1, self: "[Circular]" });
    });

    it("an array containing itself", () => {
      const arr: unknown[] = [1];
      arr.push(arr);
      expect(toSafeValue(arr)).to.deep.equal([1, "[Circular]"]);
    });

    it("a longer cycle a -> b -> a", () => {
      const a: Record<string, unknown> = { name: "a" };
      const b: Record<string, unknown> = { name: "b", a };
      a.b = b;
      expect(toSafeValue(a)).to.deep.equal({ name: "a", b: { name: "b", a: "[Circular]" } });
    });

    it("a Map containing itself", () => {
      const map = new Map<string, unknown>();
      map.set("self", map);
      expect(toSafeValue(map)).to.deep.equal({ "[Map]": [["self", "[Circular]"]] });
    });

    it("err.cause = err inside a value", () => {
      const err = fixedError("loop");
      (err as { cause?: unknown }).cause = err;
      expect(toSafeValue({ err })).to.deep.equal({
        err: { type: "Error", message: "loop", stack: "STACK loop", cause: { type: "[Circular]", message: "[Circular]" } },
      });
    });

    it("an Error that points back at the value holding it", () => {
      const holder: Record<string, unknown> = {};
      holder.err = fixedError("back", { holder });
      expect(toSafeValue(holder)).to.deep.equal({
        err: { type: "Error", message: "back", stack: "STACK back", fields: { holder: "[Circular]" } },
      });
    });

    it("toJSON returning { self: this } is a cycle, not an endless chain", () => {
      const obj = {
        toJSON() {
          return { self: this };
        },
      };
      expect(toSafeValue({ obj })).to.deep.equal({ obj: { self: "[Circular]" } });
    });

    it("a shared (non-cyclic) reference is serialised each time", () => {
      const shared = { v: 1 };
      expect(toSafeValue({ a: shared, b: shared, list: [shared, shared] })).to.deep.equal({
        a: { v: 1 },
        b: { v: 1 },
        list: [{ v: 1 }, { v: 1 }],
      });
    });
  });

  describe("things that throw", () => {
    it("a getter that throws: that key only", () => {
      const input = {
        before: 1,
        get bad(): number {
          throw new Error("nope");
        },
        after: 2,
      };
      expect(toSafeValue(input)).to.deep.equal({ before: 1, bad: "[Getter threw: nope]", after: 2 });
    });

    it("a getter that throws a non-Error", () => {
      const input = {
        get s(): number {
          throw "plain string"; // eslint-disable-line no-throw-literal
        },
        get n(): number {
          throw null; // eslint-disable-line no-throw-literal
        },
      };
      expect(toSafeValue(input)).to.deep.equal({ s: "[Getter threw: plain string]", n: "[Getter threw: null]" });
    });

    it("an array item getter that throws", () => {
      const arr = [1, 2];
      Object.defineProperty(arr, 1, {
        get() {
          throw new TypeError("item");
        },
      });
      expect(toSafeValue(arr)).to.deep.equal([1, "[Getter threw: item]"]);
    });

    it("a toJSON that throws: that object only", () => {
      const input = {
        ok: true,
        bad: {
          toJSON() {
            throw new RangeError("cannot");
          },
        },
      };
      expect(toSafeValue(input)).to.deep.equal({ ok: true, bad: "[Unserializable: RangeError: cannot]" });
    });

    const proxyCases: ReadonlyArray<readonly [string, ProxyHandler<object>, JsonValue]> = [
      [
        "ownKeys",
        {
          ownKeys() {
            throw new Error("ownKeys trap");
          },
        },
        "[Unserializable: Error: ownKeys trap]",
      ],
      [
        "get",
        {
          get() {
            throw new Error("get trap");
          },
        },
        "[Unserializable: Error: get trap]",
      ],
      [
        "getPrototypeOf",
        {
          getPrototypeOf() {
            throw new Error("proto trap");
          },
        },
        "[Unserializable: Error: proto trap]",
      ],
      [
        "getOwnPropertyDescriptor",
        {
          getOwnPropertyDescriptor() {
            throw new Error("descriptor trap");
          },
        },
        "[Unserializable: Error: descriptor trap]",
      ],
    ];
    for (const [trap, handler, expected] of proxyCases) {
      it(`a Proxy whose ${trap} trap throws: that object only`, () => {
        expect(toSafeValue({ ok: 1, p: new Proxy({ a: 1 }, handler) })).to.deep.equal({ ok: 1, p: expected });
      });
    }

    it("a Proxy whose get trap throws for one key: that key only", () => {
      const proxy = new Proxy(
        { a: 1, secret: 2 },
        {
          get(target, key) {
            if (key === "secret") throw new Error("no peeking");
            return Reflect.get(target, key);
          },
        },
      );
      expect(toSafeValue(proxy)).to.deep.equal({ a: 1, secret: "[Getter threw: no peeking]" });
    });

    it("a revoked Proxy", () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      expect(toSafeValue([proxy])).to.deep.equal([
        "[Unserializable: TypeError: Cannot perform 'IsArray' on a proxy that has been revoked]",
      ]);
    });

    it("a function whose name getter throws", () => {
      const fn = class {
        static get name(): string {
          throw new Error("name");
        }
      };
      expect(toSafeValue(fn)).to.equal("[Function (anonymous)]");
    });
  });

  describe("limits", () => {
    it("10,000 levels of objects: \"[Depth]\" at depth 10", () => {
      const root: Record<string, unknown> = {};
      let node = root;
      for (let i = 0; i < 10_000; i++) {
        const next: Record<string, unknown> = {};
        node.a = next;
        node = next;
      }
      let out: JsonValue = null;
      out = toSafeValue(root);
      // root is depth 0; the value at path a.a.a.a.a.a.a.a.a.a (10 keys) is the marker
      expect(out).to.deep.equal(nest(10, "a", "[Depth]"));
    });

    it("10,000 levels of arrays: \"[Depth]\" at depth 10", () => {
      const root: unknown[] = [];
      let node = root;
      for (let i = 0; i < 10_000; i++) {
        const next: unknown[] = [];
        node.push(next);
        node = next;
      }
      let expected: JsonValue = "[Depth]";
      for (let i = 0; i < 10; i++) expected = [expected];
      expect(toSafeValue(root)).to.deep.equal(expected);
    });

    it("leaves at the depth cap are still written; only containers become \"[Depth]\"", () => {
      const input = { d: new Date(0), n: 1, s: "x", o: { deeper: 1 }, l: [1], m: new Map() };
      expect(toSafeValue({ input }, limits({ maxDepth: 1 }))).to.deep.equal({
        input: "[Depth]",
      });
      expect(toSafeValue(input, limits({ maxDepth: 1 }))).to.deep.equal({
        d: "1970-01-01T00:00:00.000Z",
        n: 1,
        s: "x",
        o: "[Depth]",
        l: "[Depth]",
        m: "[Depth]",
      });
    });

    it("100,000 keys: the first 1000 and a \"…\" marker", () => {
      const big: Record<string, number> = {};
      for (let i = 0; i < 100_000; i++) big[`k${i}`] = i;
      let out: Record<string, JsonValue> = {};
      out = toSafeValue(big) as Record<string, JsonValue>;
      const keys = Object.keys(out);
      expect(keys).to.have.length(1001);
      expect(keys[0]).to.equal("k0");
      expect(keys[999]).to.equal("k999");
      expect(out.k999).to.equal(999);
      expect(out.k1000).to.equal(undefined);
      expect(out["…"]).to.equal("[+99000 keys]");
    });

    it("maxKeys counts symbol keys too", () => {
      const input = { a: 1, b: 2, [Symbol("s")]: 3, [Symbol("t")]: 4 };
      expect(toSafeValue(input, limits({ maxKeys: 3 }))).to.deep.equal({ a: 1, b: 2, "[Symbol(s)]": 3, "…": "[+1 keys]" });
    });

    const arrayCases: ReadonlyArray<readonly [string, number, number]> = [
      ["exactly maxArrayLength items: no marker", 1000, 1000],
      ["1500 items: 1000 then \"[+500 items]\"", 1500, 1001],
    ];
    for (const [name, length, outLength] of arrayCases) {
      it(name, () => {
        const out = toSafeValue(Array.from({ length }, (_, i) => i)) as JsonValue[];
        expect(out).to.have.length(outLength);
        expect(out[999]).to.equal(999);
        expect(out[1000]).to.equal(length > 1000 ? "[+500 items]" : undefined);
      });
    }

    it("an array claiming a huge length is not walked past the cap", () => {
      const sparse: unknown[] = [];
      sparse.length = 2 ** 32 - 1;
      const out = toSafeValue(sparse, limits({ maxArrayLength: 2 }));
      expect(out).to.deep.equal([null, null, `[+${2 ** 32 - 3} items]`]);
    });

    it("Map and Set entries are capped like arrays", () => {
      const map = new Map([[1, 1], [2, 2], [3, 3]]);
      const set = new Set([1, 2, 3]);
      expect(toSafeValue({ map, set }, limits({ maxArrayLength: 2 }))).to.deep.equal({
        map: { "[Map]": [[1, 1], [2, 2], "[+1 items]"] },
        set: { "[Set]": [1, 2, "[+1 items]"] },
      });
    });

    it("a string over 1,000,000 chars is cut and says how much", () => {
      const out = toSafeValue({ s: "x".repeat(1_000_005) }) as { s: string };
      expect(out.s).to.equal(`${"x".repeat(1_000_000)}…[+5 chars]`);
    });

    it("a string of exactly maxStringLength is kept whole", () => {
      expect(toSafeValue("abc", limits({ maxStringLength: 3 }))).to.equal("abc");
    });

    it("a cut never splits a surrogate pair", () => {
      expect(toSafeValue("ab\u{1F600}cd", limits({ maxStringLength: 3 }))).to.equal("ab…[+4 chars]");
    });

    it("long keys are cut too", () => {
      expect(toSafeValue({ ["k".repeat(10)]: 1 }, limits({ maxStringLength: 4 }))).to.deep.equal({ "kkkk…[+6 chars]": 1 });
    });

    it("unusable limits fall back to the defaults, field by field", () => {
      const odd = { maxDepth: -1, maxKeys: NaN, maxArrayLength: "2", maxStringLength: 2, maxCauseDepth: 1 } as unknown as SerializeLimits;
      expect(toSafeValue({ s: "abc", a: [1, 2, 3] }, odd)).to.deep.equal({ s: "ab…[+1 chars]", a: [1, 2, 3] });
      expect(toSafeValue({ a: 1 }, null as unknown as SerializeLimits)).to.deep.equal({ a: 1 });
    });

    it("maxDepth: Infinity is lowered to 1000, so recursion stays bounded", () => {
      const root: Record<string, unknown> = {};
      let node = root;
      for (let i = 0; i < 5000; i++) {
        const next: Record<string, unknown> = {};
        node.a = next;
        node = next;
      }
      let out = toSafeValue(root, limits({ maxDepth: Infinity })) as JsonValue;
      for (let i = 0; i < 1000; i++) out = (out as Record<string, JsonValue>).a;
      expect(out).to.equal("[Depth]");
    });
  });
});
