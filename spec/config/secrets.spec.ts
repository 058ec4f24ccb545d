import { expect } from "chai";
import { inspect } from "node:util";
import { DEFAULTS, loadConfig, maskConfig, maskUrl, SECRET_KEYS } from "../../src/config/index.js";
import { problemsOf, useWorkdir } from "./workdir.js";

const BOT_TOKEN = "123456:AAEhBOweik9ai2o4";
const WEBHOOK_TOKEN = "Zx9vQwErTy-hook-secret";
const WEBHOOK_URL = `https://discord.com/api/webhooks/1234567890/${WEBHOOK_TOKEN}`;
const SMTP_PASSWORD = "correct horse battery staple";
const AUTH_TOKEN = "f00dfeedcafe4242";
const PLANTED = [BOT_TOKEN, "AAEhBOweik9ai2o4", WEBHOOK_TOKEN, "1234567890", SMTP_PASSWORD, AUTH_TOKEN, "8675309"];

function expectNoSecret(text: string): void {
  for (const secret of PLANTED) expect(text, `leaked ${secret}`).to.not.include(secret);
}

describe("config secrets", () => {
  it("SECRET_KEYS", () => {
    expect(SECRET_KEYS).to.deep.equal(["webhook_url", "bot_token", "password", "auth_token", "headers"]);
  });

  describe("maskUrl", () => {
    const rows: Array<[string, string]> = [
      [WEBHOOK_URL, "https://discord.com/api/webhooks/***"],
      ["http://127.0.0.1:4567/api/webhooks/1/tok?wait=true", "http://127.0.0.1:4567/api/webhooks/***"],
      ["https://user:pass@hooks.slack.com/services/T0/B0/XYZ", "https://hooks.slack.com/***"],
      ["https://example.com", "https://example.com/***"],
      ["not a url", "***"],
      ["s3cr3t:opaque", "***"],
    ];
    for (const [given, expected] of rows) {
      it(`${given} -> ${expected}`, () => expect(maskUrl(given)).to.equal(expected));
    }
  });

  describe("a planted secret in every layer", () => {
    const wd = useWorkdir();
    const plant = () => {
      wd.write("flowlog.yaml", "sinks:\n  discord:\n    enabled: true\n  whatsapp:\n    auth_token: ignored-by-env\n");
      wd.write(".env", `FLOWLOG_DISCORD_WEBHOOK_URL=${WEBHOOK_URL}\nFLOWLOG_EMAIL_PASSWORD="${SMTP_PASSWORD}"\n`);
      return loadConfig({
        cwd: wd.dir,
        env: { FLOWLOG_WHATSAPP_AUTH_TOKEN: AUTH_TOKEN, FLOWLOG_TELEGRAM_BOT_TOKN: BOT_TOKEN },
        code: { sinks: { telegram: { bot_token: BOT_TOKEN, chat_id: -100123 } } },
      });
    };

    it("is there for the sinks to use", () => {
      const { config } = plant();
      expect(config.sinks.discord.webhook_url).to.equal(WEBHOOK_URL);
      expect(config.sinks.email.password).to.equal(SMTP_PASSWORD);
      expect(config.sinks.telegram.bot_token).to.equal(BOT_TOKEN);
      expect(config.sinks.whatsapp.auth_token).to.equal(AUTH_TOKEN);
    });

    it("is masked by maskConfig, which copies and leaves the rest", () => {
      const { config } = plant();
      const masked = maskConfig(config);
      expect(masked.sinks.discord).to.deep.equal({ ...DEFAULTS.sinks.discord, enabled: true, webhook_url: "https://discord.com/api/webhooks/***" });
      expect(masked.sinks.email.password).to.equal("***");
      expect(masked.sinks.telegram).to.deep.equal({ ...DEFAULTS.sinks.telegram, bot_token: "***", chat_id: "-100123" });
      expect(masked.sinks.whatsapp.auth_token).to.equal("***");
      expect(masked.sinks.whatsapp.account_sid).to.equal(undefined);
      expect(Object.isFrozen(masked)).to.equal(false);
      expect(config.sinks.telegram.bot_token).to.equal(BOT_TOKEN);
      expectNoSecret(JSON.stringify(masked));
      expectNoSecret(inspect(masked, { depth: null }));
    });

    it("never shows in JSON.stringify, String() or util.inspect of the config or of a section", () => {
      const { config } = plant();
      const json = JSON.stringify(config);
      expectNoSecret(json);
      expect(JSON.parse(json)).to.deep.equal(JSON.parse(JSON.stringify(maskConfig(config))));
      expectNoSecret(String(config));
      expectNoSecret(`${config.sinks.telegram}`);
      expect(String(config.sinks.email)).to.include('"password":"***"');
      expectNoSecret(inspect(config, { depth: null }));
      expectNoSecret(inspect(config.sinks.discord));
      expectNoSecret(inspect({ wrapped: config }, { depth: null }));
      expect(inspect(config.sinks.whatsapp)).to.include("auth_token: '***'");
    });

    it("never shows in warnings", () => {
      const { warnings } = plant();
      expect(warnings).to.deep.equal(['environment: FLOWLOG_TELEGRAM_BOT_TOKN: unknown variable (did you mean "FLOWLOG_TELEGRAM_BOT_TOKEN"?)']);
      expectNoSecret(warnings.join("\n"));
    });

    it("never shows in errors: invalid secrets are described, not printed", () => {
      wd.write("flowlog.yaml", `sinks:\n  email:\n    password: 8675309\n  whatsapp:\n    auth_token: [${AUTH_TOKEN}]\n  telegram:\n    bot_tokn: ${BOT_TOKEN}\n`);
      wd.write(".env", `FLOWLOG_DISCORD_WEBHOOK_URL=discord.com/api/webhooks/1234567890/${WEBHOOK_TOKEN}\n`);
      const error = problemsOf(() =>
        loadConfig({
          cwd: wd.dir,
          env: { FLOWLOG_TELEGRAM_BOT_TOKEN: `${BOT_TOKEN} trailing` },
          code: { sinks: { discord: { webhook_url: `${WEBHOOK_TOKEN}:${BOT_TOKEN}` } } },
          strict: true,
        }),
      );
      expect(error.problems).to.deep.equal([
        "flowlog.yaml: sinks.email.password: expected a non-empty string, got a number",
        "flowlog.yaml: sinks.whatsapp.auth_token: expected a token (a string without spaces), got a list",
        'flowlog.yaml: sinks.telegram.bot_tokn: unknown key (did you mean "bot_token"?)',
        ".env: FLOWLOG_DISCORD_WEBHOOK_URL: expected an http(s) URL, got a value that is not a valid URL",
        "environment: FLOWLOG_TELEGRAM_BOT_TOKEN: expected a token (a string without spaces), got a value that contains spaces",
        "code: sinks.discord.webhook_url: expected an http(s) URL, got a URL that is not http or https",
      ]);
      expectNoSecret(error.message);
    });

    it("never shows in parse errors", () => {
      wd.write("flowlog.yaml", `sinks:\n  telegram:\n    bot_token: ${BOT_TOKEN}\n    chat_id: [1\n`);
      const yaml = problemsOf(() => loadConfig({ cwd: wd.dir, env: {} }));
      expect(yaml.problems).to.have.length(1);
      expect(yaml.problems[0]).to.match(/^flowlog\.yaml: invalid YAML at line \d+, column \d+: /);
      expectNoSecret(yaml.message);
      const file = wd.write("bad.json", `{"sinks": {"telegram": {"bot_token": "${BOT_TOKEN}", "chat_id": ${BOT_TOKEN}}}}`);
      const json = problemsOf(() => loadConfig({ cwd: wd.dir, env: { FLOWLOG_CONFIG: file } }));
      expect(json.problems).to.deep.equal([`${file}: invalid JSON at line 1, column 82: expected ',' or '}' after property value`]);
      expectNoSecret(json.message);
    });
  });
});
