import { expect } from "chai";
import { isRight } from "fp-ts/lib/Either.js";
import { Level } from "../../src/core/levels.js";
import { FlowlogConfig } from "../../src/config/codecs.js";
import { DEFAULTS } from "../../src/config/defaults.js";
import { leafPaths } from "../../src/config/schema.js";

describe("config/defaults: the lowest layer", () => {
  it("is a complete configuration: every key of the schema is present, and it decodes as the merged config", () => {
    for (const path of leafPaths()) {
      const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, DEFAULTS as unknown as Record<string, unknown>);
      expect(Object.prototype.hasOwnProperty.call(parent, path[path.length - 1]), path.join(".")).to.equal(true);
    }
    expect(isRight(FlowlogConfig.decode(DEFAULTS))).to.equal(true);
  });

  it("out of the box only the terminal is on, and the dead letter is kept in logs/", () => {
    const enabled = Object.entries(DEFAULTS.sinks).filter(([, sink]) => sink.enabled).map(([name]) => name);
    expect(enabled).to.deep.equal(["terminal"]);
    expect(DEFAULTS.dead_letter).to.deep.equal({ enabled: true, path: "logs/flowlog-dead-letter.ndjson" });
    expect(DEFAULTS.strict).to.equal(false);
  });

  it("remote sinks alert from ERROR, the terminal shows everything and sends ERROR and up to stderr", () => {
    for (const name of ["discord", "email", "telegram", "whatsapp"] as const) expect(DEFAULTS.sinks[name].min_level, name).to.equal(Level.ERROR);
    expect(DEFAULTS.sinks.terminal).to.include({ min_level: Level.DEBUG, stderr_level: Level.ERROR, colors: "auto" });
  });

  it("nobody can change them: frozen at every depth", () => {
    expect(Object.isFrozen(DEFAULTS)).to.equal(true);
    expect(Object.isFrozen(DEFAULTS.sinks.discord)).to.equal(true);
    expect(Object.isFrozen(DEFAULTS.sinks.email.to_addrs)).to.equal(true);
    expect(Object.isFrozen(DEFAULTS.sinks.otlp.headers)).to.equal(true);
  });
});
