import { expect } from "chai";
import { DEFAULTS, missingRequirements, type FlowlogConfig } from "../../src/config/index.js";

function configWith(change: (config: FlowlogConfig) => void): FlowlogConfig {
  const config = structuredClone(DEFAULTS);
  change(config);
  return config;
}

describe("missingRequirements", () => {
  it("nothing is missing in the defaults, nor for disabled sinks", () => {
    expect(missingRequirements(DEFAULTS)).to.deep.equal([]);
  });

  it("an enabled discord sink needs webhook_url", () => {
    expect(missingRequirements(configWith((c) => (c.sinks.discord.enabled = true)))).to.deep.equal([
      "sinks.discord.webhook_url is required when the discord sink is enabled (set it in flowlog.yaml or FLOWLOG_DISCORD_WEBHOOK_URL)",
    ]);
  });

  it("an enabled telegram sink needs bot_token and chat_id", () => {
    expect(missingRequirements(configWith((c) => (c.sinks.telegram.enabled = true)))).to.deep.equal([
      "sinks.telegram.bot_token is required when the telegram sink is enabled (set it in flowlog.yaml or FLOWLOG_TELEGRAM_BOT_TOKEN)",
      "sinks.telegram.chat_id is required when the telegram sink is enabled (set it in flowlog.yaml or FLOWLOG_TELEGRAM_CHAT_ID)",
    ]);
  });

  it("an enabled email sink needs smtp_host, from_addr and at least one of to_addrs", () => {
    expect(missingRequirements(configWith((c) => (c.sinks.email.enabled = true)))).to.deep.equal([
      "sinks.email.smtp_host is required when the email sink is enabled (set it in flowlog.yaml or FLOWLOG_EMAIL_SMTP_HOST)",
      "sinks.email.from_addr is required when the email sink is enabled (set it in flowlog.yaml or FLOWLOG_EMAIL_FROM_ADDR)",
      "sinks.email.to_addrs is required when the email sink is enabled (set it in flowlog.yaml or FLOWLOG_EMAIL_TO_ADDRS, a comma-separated list)",
    ]);
  });

  it("SMTP username and password go together", () => {
    const complete = (c: FlowlogConfig) => {
      c.sinks.email = { ...c.sinks.email, enabled: true, smtp_host: "127.0.0.1", from_addr: "a@example.com", to_addrs: ["b@example.com"] };
    };
    expect(missingRequirements(configWith(complete))).to.deep.equal([]);
    expect(missingRequirements(configWith((c) => { complete(c); c.sinks.email.password = "pw"; }))).to.deep.equal([
      "sinks.email.username is required when sinks.email.password is set (set it in flowlog.yaml or FLOWLOG_EMAIL_USERNAME)",
    ]);
    expect(missingRequirements(configWith((c) => { complete(c); c.sinks.email.username = "me"; }))).to.deep.equal([
      "sinks.email.password is required when sinks.email.username is set (set it in flowlog.yaml or FLOWLOG_EMAIL_PASSWORD)",
    ]);
  });

  it("an enabled whatsapp sink needs account_sid, auth_token, from_number and to_number", () => {
    expect(missingRequirements(configWith((c) => { c.sinks.whatsapp.enabled = true; c.sinks.whatsapp.from_number = "+14155550100"; }))).to.deep.equal([
      "sinks.whatsapp.account_sid is required when the whatsapp sink is enabled (set it in flowlog.yaml or FLOWLOG_WHATSAPP_ACCOUNT_SID)",
      "sinks.whatsapp.auth_token is required when the whatsapp sink is enabled (set it in flowlog.yaml or FLOWLOG_WHATSAPP_AUTH_TOKEN)",
      "sinks.whatsapp.to_number is required when the whatsapp sink is enabled (set it in flowlog.yaml or FLOWLOG_WHATSAPP_TO_NUMBER)",
    ]);
  });

  it("file sinks have a default path; several sinks are reported together, in schema order", () => {
    const config = configWith((c) => {
      c.sinks.file_json.enabled = true;
      c.sinks.discord.enabled = true;
      c.sinks.telegram = { ...c.sinks.telegram, enabled: true, bot_token: "123:abc", chat_id: "42" };
    });
    expect(missingRequirements(config)).to.deep.equal([
      "sinks.discord.webhook_url is required when the discord sink is enabled (set it in flowlog.yaml or FLOWLOG_DISCORD_WEBHOOK_URL)",
    ]);
  });
});
