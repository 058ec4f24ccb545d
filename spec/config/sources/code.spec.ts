import { expect } from "chai";
import { codeLayer } from "../../../src/config/sources/code.js";

describe("config/sources/code: the `config` given in code", () => {
  it("no config in code is no layer", () => {
    expect(codeLayer(undefined)).to.equal(undefined);
  });

  it("a config object is the layer named 'code', its keys labelled by dotted path, with nothing found unknown yet", () => {
    const config = { sinks: { discord: { enabled: true } } };
    const layer = codeLayer(config)!;
    expect(layer).to.deep.include({ source: "code", value: config, unknown: [] });
    expect(layer.label(["sinks", "discord", "webhook_url"])).to.equal("sinks.discord.webhook_url");
  });
});
