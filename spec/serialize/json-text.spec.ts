import { expect } from "chai";
import { createContext } from "../../src/serialize/internal.js";
import { serializeErrorAt } from "../../src/serialize/error.js";
import { safeJsonText } from "../../src/serialize/json-text.js";
import { DEFAULT_LIMITS, toIJson, toSafeValue, type SerializeLimits } from "../../src/serialize/index.js";

/** The text written directly, and the text of the tree path it must equal byte for byte. */
function bothPaths(value: unknown, limits?: SerializeLimits): { text: string; tree: string } {
  const text = safeJsonText(value, createContext(limits, false, serializeErrorAt));
  return { text, tree: toIJson(JSON.stringify(toSafeValue(value, limits))) };
}

describe("serialize/json-text: a plain object written as text as it is read", () => {
  it("writes the same bytes as the tree path for the usual extra, and for values the walk rewrites", () => {
    const values: unknown[] = [
      { route: "/api/items", status: 200, duration_ms: 7, user_id: 42 },
      { nan: Number.NaN, inf: -Infinity, zero: -0, big: 12n, gone: undefined, fn: function named() {}, sym: Symbol("s"), nil: null, ok: true },
      { quote: 'a"b\\c', control: "line\nbreak\u0001", lone: "\ud800", pair: "\ud83d\ude00", "key\"with\nescapes": 1 },
      { nested: { deep: [1, { x: new Date(0) }], map: new Map([["k", 1]]) }, error: new Error("boom") },
      { 2: "b", 1: "a", __proto__: null, z: 0 },
      JSON.parse('{"__proto__": {"polluted": true}, "b": 1}'),
      Object.assign(Object.create(null) as object, { x: 1 }),
      {},
    ];
    for (const value of values) {
      const { text, tree } = bothPaths(value);
      expect(text, tree).to.equal(tree);
    }
  });

  it("reads each property once: a getter that answers differently the second time is written with its first answer", () => {
    let reads = 0;
    const value = {
      get v(): unknown {
        reads += 1;
        return reads === 1 ? "first" : 1n;
      },
      after: 1,
    };
    expect(safeJsonText(value, createContext(undefined, false, serializeErrorAt))).to.equal('{"v":"first","after":1}');
    expect(reads).to.equal(1);
  });

  it("a getter that throws becomes its marker and the rest of the object is kept", () => {
    const value = {
      a: 1,
      get b(): never {
        throw new Error("no access");
      },
      c: 3,
    };
    const { text, tree } = bothPaths(value);
    expect(text).to.equal(tree);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).to.deep.equal(["a", "b", "c"]);
    expect(parsed.b).to.be.a("string").and.match(/^\[Getter threw: .*no access/);
  });

  it("a cycle through the top object is [Circular], as in the tree path", () => {
    const value: Record<string, unknown> = { name: "loop" };
    value.self = value;
    value.list = [value];
    const { text, tree } = bothPaths(value);
    expect(text).to.equal(tree);
    expect(JSON.parse(text)).to.deep.equal({ name: "loop", self: "[Circular]", list: ["[Circular]"] });
  });

  it("past the limits (more keys, a key cut, symbol keys, depth 0) it takes the tree path, each getter still read once", () => {
    const limits: SerializeLimits = { ...DEFAULT_LIMITS, maxKeys: 2, maxStringLength: 5 };
    let reads = 0;
    const counted = { get a(): number { return ++reads; }, b: 2, c: 3 };
    expect(safeJsonText(counted, createContext(limits, false, serializeErrorAt))).to.equal('{"a":1,"b":2,"…":"[+1 keys]"}');
    expect(reads).to.equal(1);
    const cases: object[] = [
      { abcdefgh: 1, abcdefgi: 2 },
      { a: 1, [Symbol("s")]: 2 },
      { "[Symbol(s)]": 1, [Symbol("s")]: 2 },
      { long: "abcdefghij", n: -0 },
    ];
    for (const value of cases) {
      const { text, tree } = bothPaths(value, limits);
      expect(text).to.equal(tree);
    }
    expect(bothPaths({ a: { b: 1 } }, { ...DEFAULT_LIMITS, maxDepth: 0 }).text).to.equal('"[Depth]"');
  });

  it("toJSON, class instances, arrays and Proxies go through the walk, toJSON called once", () => {
    let calls = 0;
    const withToJSON = { toJSON: () => ({ n: ++calls }) };
    expect(safeJsonText(withToJSON, createContext(undefined, false, serializeErrorAt))).to.equal('{"n":1}');
    expect(calls).to.equal(1);
    class Point {
      constructor(readonly x: number) {}
    }
    const proxy = new Proxy({ a: 1 }, {});
    for (const value of [new Point(1), [1, "two"], proxy, "text", 5, undefined]) {
      const { text, tree } = bothPaths(value);
      expect(text).to.equal(tree);
    }
  });
});
