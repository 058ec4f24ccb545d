import { expect } from "chai";
import { envLayer } from "../../../src/config/sources/env.js";

describe("config/sources/env: FLOWLOG_* variables as a layer", () => {
  it("each known variable goes to its key path, as a string for the codecs; other variables are not flowlog's", () => {
    const { layer, used } = envLayer("environment", {
      FLOWLOG_DISCORD_ENABLED: "true",
      FLOWLOG_DISCORD_BATCH_MS: "500",
      FLOWLOG_LOGGER_NAME: "api",
      FLOWLOG_DEAD_LETTER_PATH: "dead.ndjson",
      HOME: "/root",
    });
    expect(used).to.equal(4);
    expect(layer.value).to.deep.equal({
      logger_name: "api",
      dead_letter: { path: "dead.ndjson" },
      sinks: { discord: { enabled: "true", batch_ms: "500" } },
    });
    expect(layer.unknown).to.deep.equal([]);
  });

  it("empty variables count as unset; FLOWLOG_CONFIG (the file's path) is not a key", () => {
    const { layer, used } = envLayer("environment", { FLOWLOG_DISCORD_ENABLED: "", FLOWLOG_CONFIG: "flowlog.yaml", FLOWLOG_STRICT: undefined });
    expect(used).to.equal(0);
    expect(layer.value).to.deep.equal({});
    expect(layer.unknown).to.deep.equal([]);
  });

  it("an unknown FLOWLOG_ variable is named, with a suggestion when one is close", () => {
    const { layer } = envLayer(".env", { FLOWLOG_DISCORD_ENABLD: "true", FLOWLOG_NOTHING_LIKE_IT_AT_ALL: "1" });
    expect(layer.unknown[0]).to.equal('.env: FLOWLOG_DISCORD_ENABLD: unknown variable (did you mean "FLOWLOG_DISCORD_ENABLED"?)');
    expect(layer.unknown[1]).to.match(/^\.env: FLOWLOG_NOTHING_LIKE_IT_AT_ALL: unknown variable \(flowlog reads FLOWLOG_<SINK>_<KEY>/);
  });

  it("errors name the variable the user set, not the key path", () => {
    const { layer } = envLayer("environment", {});
    expect(layer.label(["sinks", "discord", "batch_ms"])).to.equal("FLOWLOG_DISCORD_BATCH_MS");
    expect(layer.label([])).to.equal("");
  });

  it("never writes to the variables given", () => {
    const variables = Object.freeze({ FLOWLOG_DISCORD_ENABLED: "true" });
    expect(() => envLayer("environment", variables)).to.not.throw();
  });
});
