import { expect } from "chai";
import { scanLayer } from "../../src/config/scan.js";
import { SCHEMA } from "../../src/config/schema.js";

describe("scanLayer", () => {
  it("finds forbidden keys at any depth, through lists and unknown keys, and stops at cycles", () => {
    const cyclic: Record<string, unknown> = JSON.parse('{"prototype": 1}');
    cyclic.self = cyclic;
    const layer = JSON.parse('{"x": [{"constructor": 1}], "sinks": {"discord": {"__proto__": {}}}}');
    layer.y = cyclic;
    expect(scanLayer(layer, SCHEMA).forbidden).to.deep.equal([
      ["x", "0", "constructor"],
      ["sinks", "discord", "__proto__"],
      ["y", "prototype"],
    ]);
  });

  it("finds unknown keys along the schema only, with the known keys of their level", () => {
    const result = scanLayer({ sinks: { discord: { webhok_url: "x", min_level: { deep: 1 } } }, extra: { a: 1 } }, SCHEMA);
    expect(result.unknown.map((u) => u.path)).to.deep.equal([["sinks", "discord", "webhok_url"], ["extra"]]);
    expect(result.unknown[1].known).to.deep.equal(["logger_name", "strict", "dead_letter", "sinks"]);
    expect(result.notPlain).to.deep.equal([]);
  });

  it("null-prototype objects are plain; class instances are not", () => {
    const bare = Object.assign(Object.create(null), { sinks: {} });
    expect(scanLayer(bare, SCHEMA).notPlain).to.deep.equal([]);
    expect(scanLayer({ dead_letter: new Map() }, SCHEMA).notPlain).to.deep.equal([["dead_letter"]]);
  });
});
