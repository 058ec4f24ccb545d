import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfigWithSources } from "../../src/config/index.js";
import { useTempDir } from "../helpers/temp-dir.js";

describe("config/provenance loadConfigWithSources", () => {
  const dir = useTempDir();

  it("names the layer each value came from; a later layer wins key by key", () => {
    fs.writeFileSync(path.join(dir(), "flowlog.yaml"), "logger_name: from-yaml\nsinks:\n  file_json:\n    enabled: true\n    min_level: INFO\n");
    fs.writeFileSync(path.join(dir(), ".env"), "FLOWLOG_FILE_JSON_MIN_LEVEL=WARNING\nFLOWLOG_FILE_JSON_PATH=env.ndjson\n");
    const loaded = loadConfigWithSources({ cwd: dir(), env: { FLOWLOG_FILE_JSON_PATH: "environment.ndjson" }, code: { logger_name: "from-code" } });
    expect(loaded.layers).to.deep.equal(["defaults", "flowlog.yaml", ".env", "environment", "code"]);
    expect(loaded.sourceOf("logger_name")).to.equal("code");
    expect(loaded.sourceOf("sinks.file_json.enabled")).to.equal("flowlog.yaml");
    expect(loaded.sourceOf("sinks.file_json.min_level")).to.equal(".env");
    expect(loaded.sourceOf("sinks.file_json.path")).to.equal("environment");
    expect(loaded.sourceOf("sinks.file_json.max_bytes")).to.equal("defaults");
    expect(loaded.parsed._tag).to.equal("Right");
    expect((loaded.effective.sinks as Record<string, Record<string, unknown>>).file_json).to.include({ enabled: true, min_level: 30, path: "environment.ndjson" });
  });

  it("with problems: parseConfig's every problem, and the valid keys still merged and sourced; secrets masked", () => {
    fs.writeFileSync(path.join(dir(), "flowlog.yaml"), "sinks:\n  discord:\n    enabled: true\n    min_level: LOUD\n");
    const secret = "https://discord.com/api/webhooks/1/TOKENSECRET";
    const loaded = loadConfigWithSources({ cwd: dir(), env: { FLOWLOG_DISCORD_WEBHOOK_URL: secret } });
    expect(loaded.parsed._tag).to.equal("Left");
    if (loaded.parsed._tag === "Left") expect(loaded.parsed.left.errors.join("\n")).to.match(/flowlog\.yaml: sinks\.discord\.min_level: expected a level/);
    expect(loaded.sourceOf("sinks.discord.enabled")).to.equal("flowlog.yaml");
    expect(loaded.sourceOf("sinks.discord.min_level")).to.equal("defaults");
    expect(loaded.sourceOf("sinks.discord.webhook_url")).to.equal("environment");
    expect(JSON.stringify(loaded.effective)).to.include("https://discord.com/api/webhooks/***").and.not.include("TOKENSECRET");
  });
});
