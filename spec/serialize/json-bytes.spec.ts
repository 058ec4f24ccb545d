import { expect } from "chai";
import fc from "fast-check";
import { JsonBytesOut, safeStringify, writeSafeStringify, DEFAULT_LIMITS, type SerializeLimits } from "../../src/serialize/index.js";

/** What writeSafeStringify wrote into a buffer of `size` bytes at `offset`, as text; null when it did not fit. */
function written(value: unknown, { size = 1 << 16, offset = 0, limits }: { size?: number; offset?: number; limits?: SerializeLimits } = {}): string | null {
  const buffer = Buffer.alloc(size, 0x7e);
  const out = new JsonBytesOut();
  out.start(buffer, offset);
  writeSafeStringify(value, out, limits);
  return out.overflow ? null : buffer.subarray(offset, out.position).toString("utf8");
}

describe("serialize/json-bytes: safeStringify's text written straight into a buffer", () => {
  it("writes the usual extra, escapes, non-ASCII, lone surrogates and numbers byte for byte as safeStringify", () => {
    const values: unknown[] = [
      { route: "/api/items", status: 200, duration_ms: 7, user_id: 42 },
      { quote: 'a"b\\c', control: "line\nbreak\u0001\u007f", lone: "\ud800", pair: "\ud83d\ude00", han: "漢", "key\"with\nescapes": 1, "é": "é" },
      { neg: -12, big: Number.MAX_SAFE_INTEGER, past: 2 ** 60, tiny: 1e-7, frac: -0.5, zero: -0, nan: Number.NaN, inf: Infinity, t: true, f: false, nil: null, gone: undefined },
      { nested: { deep: [1, { x: new Date(0) }], map: new Map([["k", 1]]) }, error: new Error("boom"), bigint: 12n },
      "a string", 42, null, undefined, [1, "two"], new Date(0), Object.assign(Object.create(null) as object, { x: 1 }), {},
    ];
    for (const value of values) expect(written(value), String(safeStringify(value))).to.equal(safeStringify(value));
  });

  it("a getter or a toJSON that throws is its marker, as in the string", () => {
    const getter = { a: 1, get b(): never { throw new Error("no access"); }, c: 3 };
    const toJSON = { toJSON: (): never => { throw new Error("toJSON"); } };
    for (const value of [getter, toJSON, { inner: toJSON }]) expect(written(value)).to.equal(safeStringify(value));
  });

  it("past the limits (keys, key length, symbol keys, a long string) it writes what the string holds", () => {
    const limits: SerializeLimits = { ...DEFAULT_LIMITS, maxKeys: 2, maxStringLength: 5 };
    for (const value of [{ a: 1, b: 2, c: 3 }, { abcdefgh: 1 }, { a: 1, [Symbol("s")]: 2 }, { long: "abcdefghij" }, "abcdefghij"]) {
      expect(written(value, { limits })).to.equal(safeStringify(value, limits));
    }
  });

  it("any value, at any offset: the UTF-8 of safeStringify's string (1,000 runs)", () => {
    const anything = fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, withDate: true });
    const plainObject = fc.dictionary(fc.string({ unit: "binary" }), fc.oneof(fc.string({ unit: "binary" }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)));
    fc.assert(
      fc.property(fc.oneof(anything, plainObject), fc.nat({ max: 64 }), (value, offset) => {
        expect(written(value, { offset })).to.equal(safeStringify(value));
      }),
      { numRuns: 1000 },
    );
  });

  it("says it did not fit, without writing before its offset, when the buffer is too small", () => {
    const buffer = Buffer.alloc(40, 0x7e);
    const out = new JsonBytesOut();
    out.start(buffer, 8);
    writeSafeStringify({ text: "x".repeat(100) }, out);
    expect(out.overflow).to.equal(true);
    expect(buffer.subarray(0, 8).every((byte) => byte === 0x7e)).to.equal(true);
    // The same object fits a buffer with room for it.
    out.start(Buffer.alloc(4096), 8);
    writeSafeStringify({ text: "x".repeat(100) }, out);
    expect(out.overflow).to.equal(false);
  });
});
