import { expect } from "chai";
import { ENV_VARIABLES, KNOWN_VARIABLES, variableForPath } from "../../src/config/env-names.js";
import { leafPaths } from "../../src/config/schema.js";

describe("environment variable names", () => {
  it("the seed's seven variables name the seed's keys", () => {
    const seed: Record<string, string> = {
      FLOWLOG_LOGGER_NAME: "logger_name",
      FLOWLOG_DISCORD_WEBHOOK_URL: "sinks.discord.webhook_url",
      FLOWLOG_EMAIL_PASSWORD: "sinks.email.password",
      FLOWLOG_TELEGRAM_BOT_TOKEN: "sinks.telegram.bot_token",
      FLOWLOG_TELEGRAM_CHAT_ID: "sinks.telegram.chat_id",
      FLOWLOG_WHATSAPP_ACCOUNT_SID: "sinks.whatsapp.account_sid",
      FLOWLOG_WHATSAPP_AUTH_TOKEN: "sinks.whatsapp.auth_token",
    };
    for (const [variable, path] of Object.entries(seed)) expect(ENV_VARIABLES.get(variable)?.join("."), variable).to.equal(path);
  });

  it("sink names with underscores map whole: FILE_JSON_MIN_LEVEL is file_json.min_level", () => {
    expect(ENV_VARIABLES.get("FLOWLOG_FILE_JSON_MIN_LEVEL")).to.deep.equal(["sinks", "file_json", "min_level"]);
    expect(ENV_VARIABLES.get("FLOWLOG_FILE_MARKDOWN_BACKUP_COUNT")).to.deep.equal(["sinks", "file_markdown", "backup_count"]);
    expect(ENV_VARIABLES.get("FLOWLOG_DEAD_LETTER_PATH")).to.deep.equal(["dead_letter", "path"]);
    expect(ENV_VARIABLES.get("FLOWLOG_FILE_PATH")).to.equal(undefined);
  });

  it("every leaf of the schema has exactly one variable, and back", () => {
    const leaves = leafPaths();
    expect(leaves).to.have.length(91);
    expect(ENV_VARIABLES.size).to.equal(leaves.length);
    for (const path of leaves) expect(ENV_VARIABLES.get(variableForPath(path))).to.deep.equal(path);
    expect(KNOWN_VARIABLES[0]).to.equal("FLOWLOG_CONFIG");
    expect(KNOWN_VARIABLES).to.have.length(92);
  });
});
