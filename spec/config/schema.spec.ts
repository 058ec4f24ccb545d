import { expect } from "chai";
import { SINK_NAMES } from "../../src/config/codecs.js";
import { leafPaths, SCHEMA } from "../../src/config/schema.js";

describe("config/schema: the tree of keys a configuration may hold", () => {
  it("top-level keys, the dead letter and one section per sink", () => {
    expect(Object.keys(SCHEMA)).to.include.members(["logger_name", "strict", "dead_letter", "sinks"]);
    expect(Object.keys(SCHEMA.sinks!)).to.deep.equal([...SINK_NAMES]);
  });

  it("leafPaths lists every key path, e.g. sinks.discord.webhook_url, each once", () => {
    const paths = leafPaths().map((path) => path.join("."));
    expect(paths).to.include.members(["logger_name", "dead_letter.path", "sinks.discord.webhook_url", "sinks.file_json.max_bytes", "sinks.syslog.facility"]);
    expect(new Set(paths).size).to.equal(paths.length);
    expect(leafPaths({ a: null, b: { c: null } }, ["root"])).to.deep.equal([["root", "a"], ["root", "b", "c"]]);
  });
});
