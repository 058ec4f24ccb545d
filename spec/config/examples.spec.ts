import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, maskConfig, missingRequirements } from "../../src/config/index.js";
import { useWorkdir } from "./workdir.js";

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples");

describe("the example flowlog.yaml and .env.example", () => {
  const wd = useWorkdir();

  it("load without warnings, with the documented values", () => {
    wd.write("flowlog.yaml", fs.readFileSync(path.join(examples, "flowlog.yaml"), "utf8"));
    wd.write(".env", fs.readFileSync(path.join(examples, ".env.example"), "utf8"));
    const loaded = loadConfig({ cwd: wd.dir, env: {}, code: { sinks: { discord: { enabled: true }, telegram: { enabled: true } } } });
    expect(loaded.warnings).to.deep.equal([]);
    expect(loaded.sources).to.deep.equal(["defaults", "flowlog.yaml", ".env", "code"]);
    const { config } = loaded;
    expect(config.logger_name).to.equal("myapp");
    expect(config.sinks.file_text).to.deep.equal({ enabled: true, min_level: 20, path: "logs/app.log", max_bytes: 10485760, backup_count: 5 });
    expect(config.sinks.telegram.chat_id).to.equal("987654321");
    expect(config.sinks.email.to_addrs).to.deep.equal(["ops@example.com"]);
    expect(missingRequirements(config)).to.deep.equal([]);
    expect(maskConfig(config).sinks.discord.webhook_url).to.equal("https://discord.com/api/webhooks/***");
  });

  it("the alerts example's config, with its .env.example, enables the four alert sinks and needs nothing else", () => {
    const alerts = path.join(examples, "alerts");
    wd.write("flowlog.yaml", fs.readFileSync(path.join(alerts, "flowlog.yaml"), "utf8"));
    wd.write(".env", fs.readFileSync(path.join(alerts, ".env.example"), "utf8"));
    const loaded = loadConfig({ cwd: wd.dir, env: {} });
    expect(loaded.warnings).to.deep.equal([]);
    const { sinks } = loaded.config;
    expect([sinks.discord.enabled, sinks.email.enabled, sinks.telegram.enabled, sinks.whatsapp.enabled]).to.deep.equal([true, true, true, true]);
    // The endpoints and secrets all come from .env: the file names no service.
    expect(fs.readFileSync(path.join(alerts, "flowlog.yaml"), "utf8")).not.to.match(/https?:|webhook_url|bot_token|auth_token|password/);
  });
});
