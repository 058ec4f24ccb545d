import { expect } from "chai";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { DEFAULTS } from "../../src/config/defaults.js";
import { FILE_SINK_NAMES, FlowlogConfig, FlowlogConfigLayer, REMOTE_SINK_NAMES, SINK_NAMES, SINK_PROPS } from "../../src/config/codecs.js";

describe("config/codecs: the schema of a configuration, full and per layer", () => {
  it("names every sink once; file and remote sinks are among them", () => {
    expect(SINK_NAMES).to.deep.equal(Object.keys(SINK_PROPS));
    expect(SINK_NAMES).to.include.members([...FILE_SINK_NAMES, ...REMOTE_SINK_NAMES, "terminal", "otlp"]);
  });

  it("a layer may give any part; an empty YAML section (null) counts as absent", () => {
    const decoded = FlowlogConfigLayer.decode({ sinks: { discord: null, terminal: { colors: "auto" } } });
    expect(isRight(decoded) && decoded.right).to.deep.equal({ sinks: { discord: undefined, terminal: { colors: "auto" } } });
    expect(isRight(FlowlogConfigLayer.decode({}))).to.equal(true);
  });

  it("unknown keys are dropped by decoding (scan.ts reports them first)", () => {
    const decoded = FlowlogConfigLayer.decode({ logger_name: "api", nonsense: 1, sinks: { discord: { enabled: true, extra: 2 } } });
    expect(isRight(decoded) && decoded.right).to.deep.equal({ logger_name: "api", sinks: { discord: { enabled: true } } });
  });

  it("anything but a mapping fails with a readable expectation, at any depth", () => {
    const top = FlowlogConfigLayer.decode("discord: on");
    expect(isLeft(top) && (top.left[0] as { message?: string }).message).to.equal("expected an object (a mapping of keys)");
    const nested = FlowlogConfigLayer.decode({ sinks: { discord: [1] } });
    expect(isLeft(nested) && (nested.left[0] as { message?: string }).message).to.equal("expected an object (a mapping of keys)");
  });

  it("the full codec needs every key: a merged config missing one fails", () => {
    expect(isRight(FlowlogConfig.decode(DEFAULTS))).to.equal(true);
    const { strict: _dropped, ...missing } = DEFAULTS;
    expect(isLeft(FlowlogConfig.decode(missing))).to.equal(true);
  });
});
