import { expect } from "chai";
import { parseJson, parseYaml } from "../../../src/config/sources/file.js";

describe("config file parsing", () => {
  it("YAML: the safe default schema, own __proto__ keys, no prototype change", () => {
    const parsed = parseYaml("__proto__:\n  polluted: 1\nport: 0x10\n") as { value: Record<string, unknown> };
    expect(Object.keys(parsed.value)).to.deep.equal(["__proto__", "port"]);
    expect(Object.getPrototypeOf(parsed.value)).to.equal(Object.prototype);
    expect(parsed.value.port).to.equal(16);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("YAML: no executable tags", () => {
    expect(parseYaml('x: !!js/function "function () {}"\n')).to.deep.equal({
      error: "invalid YAML at line 1, column 34: unknown tag !<tag:yaml.org,2002:js/function>",
    });
  });

  it("YAML: duplicate keys are an error with a position", () => {
    expect(parseYaml("a: 1\na: 2\n")).to.deep.equal({ error: "invalid YAML at line 2, column 1: duplicated mapping key" });
  });

  it("JSON: a byte-order mark is fine; errors give a position or a reason, never the text", () => {
    expect(parseJson('\ufeff{"a": 1}')).to.deep.equal({ value: { a: 1 } });
    expect(parseJson('{"a":\n  1,}')).to.deep.equal({ error: "invalid JSON at line 2, column 5: expected double-quoted property name" });
    expect(parseJson('{"a": secret}')).to.deep.equal({ error: "invalid JSON: unexpected character" });
    expect(parseJson('{"a": ')).to.deep.equal({ error: "invalid JSON: unexpected end of input" });
    expect(parseJson("")).to.deep.equal({ error: "invalid JSON: unexpected end of input" });
  });
});
