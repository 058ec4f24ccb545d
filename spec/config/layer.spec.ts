import { expect } from "chai";
import { decodeLayer, type RawLayer } from "../../src/config/layer.js";
import { dottedPath } from "../../src/config/report.js";

const raw = (value: unknown, unknown: string[] = []): RawLayer => ({ source: "flowlog.yaml", value, label: dottedPath, unknown });

describe("config/layer decodeLayer: one layer decoded on its own", () => {
  it("a valid layer gives its keys, decoded (levels by name, booleans by word), and no problems", () => {
    const layer = decodeLayer(raw({ logger_name: "api", sinks: { discord: { enabled: "yes", min_level: "warning" } } }));
    expect(layer.errors).to.deep.equal([]);
    expect(layer.invalid).to.deep.equal([]);
    expect(layer.config?.logger_name).to.equal("api");
    expect(layer.config?.sinks?.discord).to.deep.include({ enabled: true, min_level: 30 });
  });

  it("a bad value is an error naming its key, and the layer's valid keys are still given", () => {
    const layer = decodeLayer(raw({ logger_name: "api", sinks: { discord: { batch_ms: "soon", enabled: true } } }));
    expect(layer.errors).to.have.length(1);
    expect(layer.errors[0]).to.match(/^flowlog\.yaml: sinks\.discord\.batch_ms: /);
    expect(layer.invalid).to.deep.equal(["sinks.discord.batch_ms"]);
    expect(layer.config?.logger_name).to.equal("api");
    expect(layer.config?.sinks?.discord).to.deep.equal({ enabled: true });
  });

  it("unknown keys are collected (with a suggestion), after what the reading itself found; they are not errors here", () => {
    const layer = decodeLayer(raw({ sinks: { file_jsn: { enabled: true } } }, [".env: FLOWLOG_X: unknown variable"]));
    expect(layer.errors).to.deep.equal([]);
    expect(layer.unknown).to.deep.equal([".env: FLOWLOG_X: unknown variable", 'flowlog.yaml: sinks.file_jsn: unknown key (did you mean "file_json"?)']);
  });

  it("forbidden keys and objects that are not plain are errors", () => {
    const withProto = JSON.parse('{"__proto__": {"strict": true}}') as unknown;
    expect(decodeLayer(raw(withProto)).errors.join("\n")).to.match(/forbidden key/);
    const classy = decodeLayer(raw({ sinks: new (class Sinks {})() }));
    expect(classy.errors.join("\n")).to.match(/sinks: expected a plain object/);
  });

  it("a layer that is not a mapping at all gives no config and one error", () => {
    const layer = decodeLayer(raw(["a", "list"]));
    expect(layer.config).to.equal(undefined);
    expect(layer.errors).to.deep.equal(["flowlog.yaml: expected an object (a mapping of keys), got a list"]);
  });

  it("never changes the value it was given", () => {
    const value = { sinks: { discord: { batch_ms: "soon", enabled: true } } };
    const copy = structuredClone(value);
    decodeLayer(raw(value));
    expect(value).to.deep.equal(copy);
  });
});
