import { expect } from "chai";
import fc from "fast-check";
import { DEFAULT_LIMITS, safeStringify, toIJson, toSafeValue } from "../../src/serialize/index.js";

/** True when `value` is exactly JSON data: normal objects, arrays, finite numbers (no -0), strings, booleans, null. */
function isJsonData(value: unknown, depth = 0): boolean {
  if (depth > 200) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) {
    return Object.getPrototypeOf(value) === Array.prototype && value.every((item) => isJsonData(item, depth + 1));
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.getOwnPropertySymbols(value).length === 0 && Object.values(value).every((item) => isJsonData(item, depth + 1));
  }
  return false;
}

type HostileKind = "getter" | "toJSON" | "proxy" | "revoked";

class Marker {
  constructor(readonly kind: HostileKind) {}
}

let planted = 0;

function hostile(kind: HostileKind): object {
  planted += 1;
  const boom = (): never => {
    throw new Error(kind);
  };
  switch (kind) {
    case "getter":
      return Object.defineProperty({ ok: 1 }, "x", { enumerable: true, get: boom });
    case "toJSON":
      return { toJSON: boom };
    case "proxy":
      return new Proxy({}, { ownKeys: boom, get: boom, getPrototypeOf: boom });
    case "revoked": {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
  }
}

/** A copy of a generated value with every Marker replaced by the hostile object it names. */
function plant(value: unknown): unknown {
  if (value instanceof Marker) return hostile(value.kind);
  if (Array.isArray(value)) return value.map(plant); // keeps holes
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [plant(k), plant(v)]));
  if (value instanceof Set) return new Set([...value].map(plant));
  if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null) return value;
    const copy = Object.create(proto) as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, { value: plant((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  }
  return value;
}

describe("serialize/safeStringify", () => {
  describe("exact text", () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const cases: ReadonlyArray<readonly [string, unknown, string]> = [
      ["a string (fast path)", 'say "hi"', '"say \\"hi\\""'],
      ["a number (fast path)", 1.5, "1.5"],
      ["-0 (fast path)", -0, "0"],
      ["true (fast path)", true, "true"],
      ["false (fast path)", false, "false"],
      ["null (fast path)", null, "null"],
      ["NaN", NaN, '"NaN"'],
      ["-Infinity", -Infinity, '"-Infinity"'],
      ["undefined", undefined, '"[undefined]"'],
      ["a BigInt", 12n, '"12n"'],
      ["a symbol", Symbol("s"), '"[Symbol(s)]"'],
      ["a flat object", { a: 1, b: "two", c: true, d: null, e: undefined }, '{"a":1,"b":"two","c":true,"d":null}'],
      ["nested data", { list: [1, [2, { x: 3n }]], when: new Date(0) }, '{"list":[1,[2,{"x":"3n"}]],"when":"1970-01-01T00:00:00.000Z"}'],
      ["a cycle", cycle, '{"a":1,"self":"[Circular]"}'],
      ["a Map and a Set", { m: new Map([["k", 1]]), s: new Set([2]) }, '{"m":{"[Map]":[["k",1]]},"s":{"[Set]":[2]}}'],
      ["a lone surrogate becomes U+FFFD (I-JSON)", "a\ud800b", '"a\ufffdb"'],
      ["a lone surrogate in a key and a nested value too", { ["k\udc00"]: ["\ud83d"] }, '{"k\ufffd":["\ufffd"]}'],
      ["the text \\ud800 (a backslash, then letters) is kept", "\\ud800 \\\ud800", '"\\\\ud800 \\\\\ufffd"'],
      ["a __proto__ key", JSON.parse('{"__proto__":{"x":1}}'), '{"__proto__":{"x":1}}'],
    ];
    for (const [name, value, expected] of cases) {
      it(`${name} -> ${expected}`, () => {
        expect(safeStringify(value)).to.equal(expected);
      });
    }

    it("a string over maxStringLength skips the fast path and is cut", () => {
      expect(safeStringify("abcdef", { ...DEFAULT_LIMITS, maxStringLength: 3 })).to.equal('"abc…[+3 chars]"');
    });

    it("an object whose toJSON throws", () => {
      const value = {
        toJSON() {
          throw new Error("no");
        },
      };
      expect(safeStringify(value)).to.equal('"[Unserializable: Error: no]"');
    });

    it("an Error", () => {
      const err = Object.assign(new Error("boom"), { code: "E1" });
      Object.defineProperty(err, "stack", { value: "STACK" });
      expect(safeStringify({ err })).to.equal('{"err":{"type":"Error","message":"boom","stack":"STACK","fields":{"code":"E1"}}}');
    });

    it("runs each getter once", () => {
      let reads = 0;
      const value = {
        get n() {
          reads += 1;
          return reads;
        },
      };
      expect(safeStringify(value)).to.equal('{"n":1}');
      expect(reads).to.equal(1);
    });

    it("a getter that returns a BigInt only on a second read cannot break it", () => {
      let reads = 0;
      const value = {
        get v(): unknown {
          reads += 1;
          return reads === 1 ? 1 : 1n;
        },
      };
      expect(safeStringify(value)).to.equal('{"v":1}');
    });
  });

  describe("properties", () => {
    const anything = fc.anything({
      withBigInt: true,
      withMap: true,
      withSet: true,
      withObjectString: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      withDate: true,
    });

    it("never throws, always parses, and parses back to toSafeValue's tree (1,000 runs)", () => {
      fc.assert(
        fc.property(anything, (value) => {
          const text = safeStringify(value);
          expect(text).to.be.a("string");
          expect(JSON.parse(text)).to.deep.equal(toSafeValue(value));
        }),
        { numRuns: 1000 },
      );
    });

    it("writes exactly the text of toSafeValue's tree, plain objects (written without a copy) included (1,000 runs)", () => {
      const plainObject = fc.oneof(
        fc.object({ values: [anything, fc.constant(undefined), fc.constant(-0), fc.constant(Number.NaN), fc.constant(Infinity)] }),
        fc.dictionary(fc.string({ unit: "binary" }), fc.oneof(fc.string({ unit: "binary" }), fc.double(), fc.boolean(), fc.constant(null), fc.bigInt())),
      );
      fc.assert(
        fc.property(fc.oneof(anything, plainObject), (value) => {
          expect(safeStringify(value)).to.equal(toIJson(JSON.stringify(toSafeValue(value))));
        }),
        { numRuns: 1000 },
      );
    });

    it("a plain object past the limits (keys, key length, symbol keys) is written as the tree path writes it", () => {
      const limits = { ...DEFAULT_LIMITS, maxKeys: 2, maxStringLength: 5 };
      const cases: object[] = [
        { a: 1, b: 2, c: 3 },
        { abcdefgh: 1, abcdefgi: 2 },
        { a: 1, [Symbol("s")]: 2 },
        { "[Symbol(s)]": 1, [Symbol("s")]: 2 },
        { long: "abcdefghij", n: -0 },
        Object.assign(Object.create(null) as object, { x: undefined, y: "\ud800" }),
      ];
      for (const value of cases) expect(safeStringify(value, limits)).to.equal(toIJson(JSON.stringify(toSafeValue(value, limits))));
    });

    it("toSafeValue returns only JSON data (1,000 runs)", () => {
      fc.assert(
        fc.property(anything, (value) => {
          expect(isJsonData(toSafeValue(value))).to.equal(true);
        }),
        { numRuns: 1000 },
      );
    });

    it("survives throwing getters, throwing toJSON and throwing Proxies planted anywhere (500 runs)", () => {
      // fast-check inspects the values it generates, so it cannot hold live Proxies itself:
      // it generates markers, and `plant` swaps each marker for the hostile object it names.
      const marker = fc.constantFrom<HostileKind>("getter", "toJSON", "proxy", "revoked").map((kind) => new Marker(kind));
      const mixed = fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, values: [fc.anything(), marker] });
      fc.assert(
        fc.property(mixed, (generated) => {
          const before = planted;
          const value = plant(generated);
          const text = safeStringify(value);
          expect(() => JSON.parse(text)).not.to.throw();
          expect(isJsonData(toSafeValue(value))).to.equal(true);
          // every planted object shows up as its placeholder, never as a lost record
          if (planted > before) expect(text).to.match(/\[(Unserializable|Getter threw): /);
        }),
        { numRuns: 500 },
      );
      expect(planted).to.be.above(100); // the property really met hostile values
    });
  });
});
