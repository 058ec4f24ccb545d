import { expect } from "chai";
import * as path from "node:path";
import * as fs from "node:fs";
import { isRight, left } from "fp-ts/lib/Either.js";
import { DEFAULTS, loadConfig, parseConfig, type FlowlogConfig } from "../../src/config/index.js";
import { LEVEL_EXPECTED } from "../../src/config/levels-codec.js";
import { problemsOf, useWorkdir } from "./workdir.js";

/** DEFAULTS with a few changes, as a plain object to compare against. */
function defaultsWith(change: (config: FlowlogConfig) => void): FlowlogConfig {
  const config = structuredClone(DEFAULTS);
  change(config);
  return config;
}

describe("loadConfig", () => {
  const wd = useWorkdir();
  const load = (env: Record<string, string | undefined> = {}, code?: unknown, strict?: boolean) =>
    loadConfig({ cwd: wd.dir, env, code, strict });

  describe("each layer alone", () => {
    it("defaults: an empty directory and no variables", () => {
      const loaded = load();
      expect(loaded.config).to.deep.equal(DEFAULTS);
      expect(loaded.sources).to.deep.equal(["defaults"]);
      expect(loaded.warnings).to.deep.equal([]);
    });

    it("the defaults are the documented ones", () => {
      expect(DEFAULTS.sinks.terminal).to.deep.equal({ enabled: true, min_level: 10, stderr_level: 40, colors: "auto" });
      expect(DEFAULTS.sinks.file_markdown).to.deep.equal({ enabled: false, min_level: 10, path: "logs/app.md", max_bytes: 0, backup_count: 5 });
      expect(DEFAULTS.sinks.telegram).to.deep.equal({
        enabled: false, min_level: 40, batch_ms: 2000, max_queue: 10000, timeout_ms: 5000, max_retries: 3,
        bot_token: undefined, chat_id: undefined, api_base: "https://api.telegram.org",
      });
      expect(DEFAULTS.dead_letter).to.deep.equal({ enabled: true, path: "logs/flowlog-dead-letter.ndjson" });
      expect(Object.isFrozen(DEFAULTS.sinks.email.to_addrs)).to.equal(true);
    });

    it("flowlog.yaml", () => {
      wd.write("flowlog.yaml", "logger_name: myapp\nsinks:\n  file_json:\n    enabled: true\n    min_level: info\n    path: logs/x.ndjson\n");
      const loaded = load();
      expect(loaded.config).to.deep.equal(
        defaultsWith((c) => {
          c.logger_name = "myapp";
          c.sinks.file_json = { ...c.sinks.file_json, enabled: true, min_level: 20, path: "logs/x.ndjson" };
        }),
      );
      expect(loaded.sources).to.deep.equal(["defaults", "flowlog.yaml"]);
      expect(loaded.warnings).to.deep.equal([]);
    });

    it(".env", () => {
      wd.write(".env", "# comment\nFLOWLOG_FILE_TEXT_ENABLED=true\nFLOWLOG_FILE_TEXT_MIN_LEVEL=warning\nDATABASE_URL=postgres://x\n");
      const loaded = load();
      expect(loaded.config.sinks.file_text).to.deep.equal({ ...DEFAULTS.sinks.file_text, enabled: true, min_level: 30 });
      expect(loaded.sources).to.deep.equal(["defaults", ".env"]);
      expect(loaded.warnings).to.deep.equal([]);
    });

    it("the environment", () => {
      const loaded = load({ FLOWLOG_TERMINAL_MIN_LEVEL: "35", PATH: "/usr/bin" });
      expect(loaded.config).to.deep.equal(defaultsWith((c) => (c.sinks.terminal.min_level = 35)));
      expect(loaded.sources).to.deep.equal(["defaults", "environment"]);
    });

    it("code", () => {
      const loaded = load({}, { sinks: { terminal: { min_level: "WARNING" }, file_json: { enabled: true, path: "logs/app.json" } } });
      expect(loaded.config).to.deep.equal(
        defaultsWith((c) => {
          c.sinks.terminal.min_level = 30;
          c.sinks.file_json = { ...c.sinks.file_json, enabled: true, path: "logs/app.json" };
        }),
      );
      expect(loaded.sources).to.deep.equal(["defaults", "code"]);
    });
  });

  describe("precedence: defaults < file < .env < environment < code", () => {
    const levelFrom = { file: "INFO", dotenv: "AUDIT", env: "WARNING", code: "ERROR" };
    function setUp(layers: Array<keyof typeof levelFrom>): { env: Record<string, string>; code: unknown } {
      if (layers.includes("file")) wd.write("flowlog.yaml", `sinks:\n  terminal:\n    min_level: ${levelFrom.file}\n`);
      if (layers.includes("dotenv")) wd.write(".env", `FLOWLOG_TERMINAL_MIN_LEVEL=${levelFrom.dotenv}\n`);
      const env: Record<string, string> = layers.includes("env") ? { FLOWLOG_TERMINAL_MIN_LEVEL: levelFrom.env } : {};
      const code = layers.includes("code") ? { sinks: { terminal: { min_level: levelFrom.code } } } : undefined;
      return { env, code };
    }
    const cases: Array<[Array<keyof typeof levelFrom>, number]> = [
      [["file", "dotenv"], 25],
      [["dotenv", "env"], 30],
      [["env", "code"], 40],
      [["file", "code"], 40],
      [["file", "env"], 30],
      [["file", "dotenv", "env"], 30],
      [["file", "dotenv", "env", "code"], 40],
    ];
    for (const [layers, expected] of cases) {
      it(`${layers.join(" + ")}: min_level ${expected}`, () => {
        const { env, code } = setUp(layers);
        expect(load(env, code).config.sinks.terminal.min_level).to.equal(expected);
      });
    }

    it("merges key by key: each layer keeps what the higher ones do not set", () => {
      wd.write("flowlog.yaml", "sinks:\n  discord:\n    enabled: true\n    username: from-file\n");
      wd.write(".env", "FLOWLOG_DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/1/tok\n");
      const loaded = load({ FLOWLOG_DISCORD_BATCH_MS: "500" }, { sinks: { discord: { min_level: "critical" } } });
      expect(loaded.config.sinks.discord).to.deep.equal({
        ...DEFAULTS.sinks.discord,
        enabled: true,
        username: "from-file",
        webhook_url: "https://discord.com/api/webhooks/1/tok",
        batch_ms: 500,
        min_level: 50,
      });
      expect(loaded.sources).to.deep.equal(["defaults", "flowlog.yaml", ".env", "environment", "code"]);
    });

    it('an empty value (YAML "", null, an empty variable) means "not set here", never a clear', () => {
      wd.write("flowlog.yaml", 'sinks:\n  telegram:\n    bot_token: ""\n    chat_id:\n');
      wd.write(".env", "FLOWLOG_TELEGRAM_CHAT_ID=42\n");
      const loaded = load({ FLOWLOG_TELEGRAM_CHAT_ID: "", FLOWLOG_TELEGRAM_BOT_TOKEN: "" }, { sinks: { telegram: { chat_id: "" } } });
      expect(loaded.config.sinks.telegram.chat_id).to.equal("42");
      expect(loaded.config.sinks.telegram.bot_token).to.equal(undefined);
    });

    it("an empty section in YAML (`discord:`) is accepted as nothing set", () => {
      wd.write("flowlog.yaml", "sinks:\n  discord:\n  terminal:\n    enabled: no\n");
      expect(load().config.sinks).to.deep.equal({ ...DEFAULTS.sinks, terminal: { ...DEFAULTS.sinks.terminal, enabled: false } });
    });
  });

  describe("config files", () => {
    const yaml = "sinks:\n  file_csv:\n    enabled: true\n    max_bytes: 10485760\n";
    const json = JSON.stringify({ sinks: { file_csv: { enabled: true, max_bytes: 10485760 } } });
    for (const [name, text] of [["flowlog.yaml", yaml], ["flowlog.yml", yaml], ["flowlog.json", json]] as const) {
      it(`reads ${name}`, () => {
        wd.write(name, text);
        const loaded = load();
        expect(loaded.config.sinks.file_csv).to.deep.equal({ ...DEFAULTS.sinks.file_csv, enabled: true, max_bytes: 10485760 });
        expect(loaded.sources).to.deep.equal(["defaults", name]);
        expect(loaded.warnings).to.deep.equal([]);
      });
    }

    it("uses the first of flowlog.yaml, flowlog.yml, flowlog.json and warns about the others", () => {
      wd.write("flowlog.json", JSON.stringify({ logger_name: "json" }));
      wd.write("flowlog.yml", "logger_name: yml\n");
      const loaded = load();
      expect(loaded.config.logger_name).to.equal("yml");
      expect(loaded.warnings).to.deep.equal([
        `flowlog.yml: also found flowlog.json in ${wd.dir}; using flowlog.yml and ignoring the other`,
      ]);
      wd.write("flowlog.yaml", "logger_name: yaml\n");
      const again = load();
      expect(again.config.logger_name).to.equal("yaml");
      expect(again.warnings).to.deep.equal([
        `flowlog.yaml: also found flowlog.yml and flowlog.json in ${wd.dir}; using flowlog.yaml and ignoring the other`,
      ]);
    });

    it("FLOWLOG_CONFIG relative to cwd, instead of the files in cwd", () => {
      wd.write("flowlog.yaml", "logger_name: ignored\n");
      wd.write("conf/app.yaml", "logger_name: from-conf\n");
      const loaded = load({ FLOWLOG_CONFIG: "conf/app.yaml" });
      expect(loaded.config.logger_name).to.equal("from-conf");
      expect(loaded.sources).to.deep.equal(["defaults", "conf/app.yaml"]);
      expect(loaded.warnings).to.deep.equal([]);
    });

    it("FLOWLOG_CONFIG absolute, JSON by its extension", () => {
      const file = wd.write("elsewhere/settings.json", '{"logger_name": "abs"}');
      const loaded = load({ FLOWLOG_CONFIG: file });
      expect(loaded.config.logger_name).to.equal("abs");
      expect(loaded.sources).to.deep.equal(["defaults", file]);
    });

    it("FLOWLOG_CONFIG naming a missing file is an error naming it", () => {
      const { problems } = problemsOf(() => load({ FLOWLOG_CONFIG: "conf/missing.yaml" }));
      expect(problems).to.deep.equal([
        `environment: FLOWLOG_CONFIG: config file not found: conf/missing.yaml (resolved to ${path.join(wd.dir, "conf/missing.yaml")})`,
      ]);
      const absolute = path.join(wd.dir, "nope.json");
      expect(problemsOf(() => load({ FLOWLOG_CONFIG: absolute })).problems).to.deep.equal([
        `environment: FLOWLOG_CONFIG: config file not found: ${absolute}`,
      ]);
    });

    it("FLOWLOG_CONFIG in .env is ignored, with a warning", () => {
      wd.write("conf/app.yaml", "logger_name: from-conf\n");
      wd.write(".env", "FLOWLOG_CONFIG=conf/app.yaml\n");
      const loaded = load();
      expect(loaded.config.logger_name).to.equal(undefined);
      expect(loaded.warnings).to.deep.equal([
        ".env: FLOWLOG_CONFIG: ignored in .env (the config file is found before .env is read): set it in the process environment",
      ]);
    });

    it("an empty file is an empty layer", () => {
      wd.write("flowlog.yaml", "# nothing yet\n");
      const loaded = load();
      expect(loaded.config).to.deep.equal(DEFAULTS);
      expect(loaded.sources).to.deep.equal(["defaults", "flowlog.yaml"]);
    });

    it("a file that is not a mapping is an error", () => {
      wd.write("flowlog.yaml", "- terminal\n- discord\n");
      expect(problemsOf(() => load()).problems).to.deep.equal([
        "flowlog.yaml: expected an object (a mapping of keys), got a list",
      ]);
    });

    it("a YAML syntax error gives the position and reason, not the line", () => {
      wd.write("flowlog.yaml", "sinks:\n  telegram:\n    bot_token: 123456:AAEhBOweik9ai2o4\n   chat_id: 1\n");
      const { problems } = problemsOf(() => load());
      expect(problems).to.deep.equal(["flowlog.yaml: invalid YAML at line 4, column 4: bad indentation of a mapping entry"]);
    });

    it("a JSON syntax error gives the position, not the text", () => {
      wd.write("flowlog.json", '{\n  "sinks": {"telegram": {"bot_token": 123456:AAEhBOweik9ai2o4}}\n}');
      expect(problemsOf(() => load()).problems).to.deep.equal([
        "flowlog.json: invalid JSON at line 2, column 45: expected ',' or '}' after property value",
      ]);
    });
  });

  describe("the environment", () => {
    const seed: Array<[string, string, (c: FlowlogConfig) => unknown, unknown]> = [
      ["FLOWLOG_LOGGER_NAME", "myapp", (c) => c.logger_name, "myapp"],
      ["FLOWLOG_DISCORD_WEBHOOK_URL", "https://discord.com/api/webhooks/123/abc", (c) => c.sinks.discord.webhook_url, "https://discord.com/api/webhooks/123/abc"],
      ["FLOWLOG_EMAIL_PASSWORD", "your smtp password", (c) => c.sinks.email.password, "your smtp password"],
      ["FLOWLOG_TELEGRAM_BOT_TOKEN", "123456:ABC-def", (c) => c.sinks.telegram.bot_token, "123456:ABC-def"],
      ["FLOWLOG_TELEGRAM_CHAT_ID", "987654321", (c) => c.sinks.telegram.chat_id, "987654321"],
      ["FLOWLOG_WHATSAPP_ACCOUNT_SID", "AC0123456789abcdef", (c) => c.sinks.whatsapp.account_sid, "AC0123456789abcdef"],
      ["FLOWLOG_WHATSAPP_AUTH_TOKEN", "f00dfeed", (c) => c.sinks.whatsapp.auth_token, "f00dfeed"],
    ];
    for (const [variable, value, read, expected] of seed) {
      it(`the seed's ${variable}, from the environment and from .env`, () => {
        expect(read(load({ [variable]: value }).config)).to.equal(expected);
        wd.write(".env", `${variable}="${value}"\n`);
        const fromDotenv = load();
        expect(read(fromDotenv.config)).to.equal(expected);
        expect(fromDotenv.sources).to.deep.equal(["defaults", ".env"]);
      });
    }

    const rule: Array<[string, string, (c: FlowlogConfig) => unknown, unknown]> = [
      ["FLOWLOG_TERMINAL_STDERR_LEVEL", "critical", (c) => c.sinks.terminal.stderr_level, 50],
      ["FLOWLOG_TERMINAL_COLORS", "false", (c) => c.sinks.terminal.colors, false],
      ["FLOWLOG_FILE_TEXT_PATH", "var/app.log", (c) => c.sinks.file_text.path, "var/app.log"],
      ["FLOWLOG_FILE_JSON_MIN_LEVEL", "AUDIT", (c) => c.sinks.file_json.min_level, 25],
      ["FLOWLOG_FILE_CSV_BACKUP_COUNT", "9", (c) => c.sinks.file_csv.backup_count, 9],
      ["FLOWLOG_FILE_MARKDOWN_MAX_BYTES", "10485760", (c) => c.sinks.file_markdown.max_bytes, 10485760],
      ["FLOWLOG_DISCORD_USERNAME", "flowlog-bot", (c) => c.sinks.discord.username, "flowlog-bot"],
      ["FLOWLOG_EMAIL_TO_ADDRS", "ops@example.com, dev@example.com", (c) => c.sinks.email.to_addrs, ["ops@example.com", "dev@example.com"]],
      ["FLOWLOG_EMAIL_SMTP_PORT", "2525", (c) => c.sinks.email.smtp_port, 2525],
      ["FLOWLOG_EMAIL_USE_TLS", "YES", (c) => c.sinks.email.use_tls, true],
      ["FLOWLOG_TELEGRAM_API_BASE", "http://127.0.0.1:8081", (c) => c.sinks.telegram.api_base, "http://127.0.0.1:8081"],
      ["FLOWLOG_WHATSAPP_TO_NUMBER", "+14155550100", (c) => c.sinks.whatsapp.to_number, "+14155550100"],
      ["FLOWLOG_WHATSAPP_MAX_RETRIES", "0", (c) => c.sinks.whatsapp.max_retries, 0],
      ["FLOWLOG_SYSLOG_PROTOCOL", "TLS", (c) => c.sinks.syslog.protocol, "tls"],
      ["FLOWLOG_SYSLOG_FACILITY", "local3", (c) => c.sinks.syslog.facility, 19],
      ["FLOWLOG_SYSLOG_PORT", "6514", (c) => c.sinks.syslog.port, 6514],
      ["FLOWLOG_SYSLOG_CA_FILE", "certs/ca.pem", (c) => c.sinks.syslog.ca_file, "certs/ca.pem"],
      ["FLOWLOG_SYSLOG_MIN_LEVEL", "deploy", (c) => c.sinks.syslog.min_level, 45],
      ["FLOWLOG_DEAD_LETTER_PATH", "var/dead.ndjson", (c) => c.dead_letter.path, "var/dead.ndjson"],
      ["FLOWLOG_DEAD_LETTER_ENABLED", "0", (c) => c.dead_letter.enabled, false],
      ["FLOWLOG_STRICT", "true", (c) => c.strict, true],
    ];
    for (const [variable, value, read, expected] of rule) {
      it(`FLOWLOG_<SINK>_<KEY>: ${variable}=${value}`, () => {
        const loaded = load({ [variable]: value });
        expect(read(loaded.config)).to.deep.equal(expected);
        expect(loaded.warnings).to.deep.equal([]);
      });
    }

    it("an unknown FLOWLOG_* variable is a warning with a suggestion; other variables are not flowlog's", () => {
      wd.write(".env", "FLOWLOG_FILE_JSN_PATH=x\n");
      const loaded = load({ FLOWLOG_TELEGRAM_BOT_TOKN: "123456:AAEhBOweik9ai2o4", FLOWLOG_SOMETHING_ELSE_ENTIRELY: "1", HOME: "/root", flowlog_logger_name: "lower" });
      expect(loaded.warnings).to.deep.equal([
        '.env: FLOWLOG_FILE_JSN_PATH: unknown variable (did you mean "FLOWLOG_FILE_JSON_PATH"?)',
        "environment: FLOWLOG_SOMETHING_ELSE_ENTIRELY: unknown variable (flowlog reads FLOWLOG_<SINK>_<KEY>, FLOWLOG_LOGGER_NAME, FLOWLOG_DEAD_LETTER_<KEY>, FLOWLOG_STRICT and FLOWLOG_CONFIG)",
        'environment: FLOWLOG_TELEGRAM_BOT_TOKN: unknown variable (did you mean "FLOWLOG_TELEGRAM_BOT_TOKEN"?)',
      ]);
      expect(loaded.config).to.deep.equal(DEFAULTS);
    });

    it("neither the given env nor process.env is modified", () => {
      wd.write(".env", "FLOWLOG_LOGGER_NAME=from-dotenv\nFLOWLOG_TEST_ONLY_MARKER=1\n");
      const env = { FLOWLOG_TERMINAL_ENABLED: "false" };
      const before = { ...process.env };
      load(env);
      expect(env).to.deep.equal({ FLOWLOG_TERMINAL_ENABLED: "false" });
      expect(process.env).to.deep.equal(before);
      expect(process.env.FLOWLOG_LOGGER_NAME).to.equal(undefined);
    });
  });

  describe("errors name their source and key path", () => {
    it("a bad value in the file", () => {
      wd.write("flowlog.yaml", "sinks:\n  discord:\n    min_level: LOUD\n");
      expect(problemsOf(() => load()).problems).to.deep.equal([
        'flowlog.yaml: sinks.discord.min_level: expected a level: one of DEBUG, INFO, AUDIT, WEBHOOK, WARNING, SECURITY, ERROR, DEPLOY, CRITICAL (any case; WARN and FATAL too) or 10, 20, 25, 28, 30, 35, 40, 45, 50, got "LOUD"',
      ]);
    });

    it("a bad value in .env names the variable", () => {
      wd.write(".env", "FLOWLOG_FILE_JSON_MAX_BYTES=ten\n");
      expect(problemsOf(() => load()).problems).to.deep.equal([
        '.env: FLOWLOG_FILE_JSON_MAX_BYTES: expected a non-negative integer, got "ten"',
      ]);
    });

    it("a bad value in the environment names the variable", () => {
      expect(problemsOf(() => load({ FLOWLOG_EMAIL_SMTP_PORT: "smtp" })).problems).to.deep.equal([
        'environment: FLOWLOG_EMAIL_SMTP_PORT: expected a port number (1..65535), got "smtp"',
      ]);
    });

    it("a bad value in code", () => {
      expect(problemsOf(() => load({}, { sinks: { terminal: { enabled: "maybe" } } })).problems).to.deep.equal([
        'code: sinks.terminal.enabled: expected a boolean (true/false, yes/no or 1/0), got "maybe"',
      ]);
    });

    it("the wrong shape", () => {
      expect(problemsOf(() => load({}, { sinks: ["terminal"], dead_letter: "off" })).problems).to.deep.equal([
        'code: dead_letter: expected an object (a mapping of keys), got "off"',
        "code: sinks: expected an object (a mapping of keys), got a list",
      ]);
      expect(problemsOf(() => load({}, null)).problems).to.deep.equal(["code: expected an object (a mapping of keys), got null"]);
    });

    it("every problem of every layer at once, in layer order, in one FlowlogConfigError", () => {
      wd.write("flowlog.json", JSON.stringify({ sinks: { file_text: { max_bytes: "10MB", backup_count: -1 }, telegram: { api_base: "ftp://x" } } }));
      wd.write(".env", "FLOWLOG_DEAD_LETTER_ENABLED=perhaps\n");
      const error = problemsOf(() =>
        load({ FLOWLOG_WHATSAPP_FROM_NUMBER: "555-0100", FLOWLOG_EMAIL_TO_ADDRS: "ops@example.com;dev" }, { logger_name: 42 }),
      );
      const expected = [
        'flowlog.json: sinks.file_text.max_bytes: expected a non-negative integer, got "10MB"',
        "flowlog.json: sinks.file_text.backup_count: expected a non-negative integer, got -1",
        'flowlog.json: sinks.telegram.api_base: expected an http(s) URL, got "ftp://x"',
        '.env: FLOWLOG_DEAD_LETTER_ENABLED: expected a boolean (true/false, yes/no or 1/0), got "perhaps"',
        'environment: FLOWLOG_EMAIL_TO_ADDRS: expected every item to be an email address, got "ops@example.com;dev" (item 1)',
        'environment: FLOWLOG_WHATSAPP_FROM_NUMBER: expected an E.164 phone number (+ and up to 15 digits, like +14155550100), got "555-0100"',
        "code: logger_name: expected a non-empty string, got 42",
      ];
      expect(error.problems).to.deep.equal(expected);
      expect(error.code).to.equal("FLOWLOG_CONFIG");
      expect(error.message).to.equal(`invalid flowlog configuration:\n  ${expected.join("\n  ")}`);
    });
  });

  describe("all problems in one round", () => {
    it("bad values, unknown keys and missing required keys come out together", () => {
      wd.write("flowlog.yaml", "sinks:\n  discord:\n    enabled: true\n    webhok_url: https://discord.test/api/webhooks/1/x\n    min_level: LOUD\n");
      const error = problemsOf(() => load({ FLOWLOG_TELEGRAM_ENABLED: "yes", FLOWLOG_TELEGRAM_CHAT_ID: "-100" }));
      expect(error.problems).to.deep.equal([
        `flowlog.yaml: sinks.discord.min_level: ${LEVEL_EXPECTED}, got "LOUD"`,
        "sinks.discord.webhook_url is required when the discord sink is enabled (set it in flowlog.yaml or FLOWLOG_DISCORD_WEBHOOK_URL)",
        "sinks.telegram.bot_token is required when the telegram sink is enabled (set it in flowlog.yaml or FLOWLOG_TELEGRAM_BOT_TOKEN)",
      ]);
      // The warning that explains the missing key is in the same error, not lost.
      expect(error.message).to.include('warnings:\n  flowlog.yaml: sinks.discord.webhok_url: unknown key (did you mean "webhook_url"?)');
    });

    it("in strict mode the unknown key is one of the errors, beside the others", () => {
      const error = problemsOf(() => load({}, { strict: true, sinks: { discord: { enabled: true, webhok_url: "https://x.test/", batch_ms: -1 } } }));
      expect(error.problems).to.deep.equal([
        "code: sinks.discord.batch_ms: expected a non-negative integer, got -1",
        'code: sinks.discord.webhok_url: unknown key (did you mean "webhook_url"?)',
        "sinks.discord.webhook_url is required when the discord sink is enabled (set it in flowlog.yaml or FLOWLOG_DISCORD_WEBHOOK_URL)",
      ]);
    });

    it("a required key given with a bad value is reported once, as the bad value", () => {
      const error = problemsOf(() => load({ FLOWLOG_DISCORD_WEBHOOK_URL: "not a url" }, { sinks: { discord: { enabled: true } } }));
      expect(error.problems).to.deep.equal([
        "environment: FLOWLOG_DISCORD_WEBHOOK_URL: expected an http(s) URL, got a value that is not a valid URL",
      ]);
    });

    it("the valid keys of a layer with errors still count (enabled in a layer with a bad value)", () => {
      const error = problemsOf(() => load({}, { sinks: { email: { enabled: true, smtp_port: 0, smtp_host: "mail.test" } } }));
      expect(error.problems).to.deep.equal([
        "code: sinks.email.smtp_port: expected a port number (1..65535), got 0",
        "sinks.email.from_addr is required when the email sink is enabled (set it in flowlog.yaml or FLOWLOG_EMAIL_FROM_ADDR)",
        "sinks.email.to_addrs is required when the email sink is enabled (set it in flowlog.yaml or FLOWLOG_EMAIL_TO_ADDRS, a comma-separated list)",
      ]);
    });

    it("a level that is not one of the nine lists every accepted name and number", () => {
      expect(problemsOf(() => load({ FLOWLOG_TERMINAL_MIN_LEVEL: "15" })).problems).to.deep.equal([
        'environment: FLOWLOG_TERMINAL_MIN_LEVEL: expected a level: one of DEBUG, INFO, AUDIT, WEBHOOK, WARNING, SECURITY, ERROR, DEPLOY, CRITICAL (any case; WARN and FATAL too) or 10, 20, 25, 28, 30, 35, 40, 45, 50, got "15"',
      ]);
    });

    it("parseConfig returns the problems as a value, without throwing", () => {
      wd.write("flowlog.yaml", "sinks:\n  terminal:\n    colour: true\n    enabled: perhaps\n");
      const parsed = parseConfig({ cwd: wd.dir, env: {} });
      expect(parsed).to.deep.equal(
        left({
          errors: ['flowlog.yaml: sinks.terminal.enabled: expected a boolean (true/false, yes/no or 1/0), got "perhaps"'],
          warnings: ['flowlog.yaml: sinks.terminal.colour: unknown key (did you mean "colors"?)'],
        }),
      );
      const stillBad = parseConfig({ cwd: wd.dir, env: {}, code: { sinks: { terminal: { enabled: false } } } });
      expect(isRight(stillBad), "a higher layer does not hide a lower layer's bad value").to.equal(false);
      fs.rmSync(path.join(wd.dir, "flowlog.yaml"));
      const fine = parseConfig({ cwd: wd.dir, env: {}, code: { sinks: { terminal: { enabled: false } } } });
      expect(isRight(fine) && fine.right.config.sinks.terminal.enabled).to.equal(false);
    });
  });

  describe("unknown keys", () => {
    it("are warnings with a did-you-mean", () => {
      wd.write("flowlog.yaml", "sinks:\n  file_jsn:\n    enabled: true\n  terminal:\n    minLevel: INFO\n    colour: true\n");
      const loaded = load({}, { loggr_name: "x", dead_letter: { pth: "x" } });
      expect(loaded.warnings).to.deep.equal([
        'flowlog.yaml: sinks.file_jsn: unknown key (did you mean "file_json"?)',
        'flowlog.yaml: sinks.terminal.minLevel: unknown key (did you mean "min_level"?)',
        'flowlog.yaml: sinks.terminal.colour: unknown key (did you mean "colors"?)',
        'code: loggr_name: unknown key (did you mean "logger_name"?)',
        'code: dead_letter.pth: unknown key (did you mean "path"?)',
      ]);
      expect(loaded.config).to.deep.equal(DEFAULTS);
    });

    it("list the known keys when nothing is close", () => {
      const loaded = load({}, { sinks: { slack: { enabled: true } } });
      expect(loaded.warnings).to.deep.equal([
        "code: sinks.slack: unknown key (expected one of terminal, file_text, file_json, file_csv, file_markdown, discord, email, telegram, whatsapp, syslog, otlp)",
      ]);
    });

    it("are errors in strict mode (the option)", () => {
      wd.write("flowlog.yaml", "sinks:\n  file_jsn:\n    enabled: true\n");
      expect(problemsOf(() => load({ FLOWLOG_DISCORD_WEBHOK_URL: "https://x.test/" }, undefined, true)).problems).to.deep.equal([
        'flowlog.yaml: sinks.file_jsn: unknown key (did you mean "file_json"?)',
        'environment: FLOWLOG_DISCORD_WEBHOK_URL: unknown variable (did you mean "FLOWLOG_DISCORD_WEBHOOK_URL"?)',
      ]);
    });

    it("are errors when a layer sets strict: true, unless the option says false", () => {
      wd.write("flowlog.yaml", "strict: true\nsinks:\n  file_jsn: {}\n");
      expect(problemsOf(() => load()).problems).to.deep.equal(['flowlog.yaml: sinks.file_jsn: unknown key (did you mean "file_json"?)']);
      const relaxed = load({}, undefined, false);
      expect(relaxed.warnings).to.deep.equal(['flowlog.yaml: sinks.file_jsn: unknown key (did you mean "file_json"?)']);
      expect(relaxed.config.strict).to.equal(false);
    });
  });

  describe("prototype pollution", () => {
    afterEach(() => {
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).to.equal(false);
    });

    const attempts: Array<[string, string, string[]]> = [
      ["flowlog.yaml", "__proto__:\n  polluted: 1\n", ["flowlog.yaml: __proto__: forbidden key"]],
      ["flowlog.yaml", "constructor:\n  prototype:\n    polluted: 1\n", ["flowlog.yaml: constructor: forbidden key"]],
      ["flowlog.yaml", "sinks:\n  discord:\n    __proto__:\n      polluted: 1\n", ["flowlog.yaml: sinks.discord.__proto__: forbidden key"]],
      ["flowlog.yaml", "sinks:\n  __proto__:\n    polluted: 1\n", ["flowlog.yaml: sinks.__proto__: forbidden key"]],
      ["flowlog.yaml", "sinks:\n  terminal:\n    colors:\n      prototype: {polluted: 1}\n", [
        "flowlog.yaml: sinks.terminal.colors.prototype: forbidden key",
        'flowlog.yaml: sinks.terminal.colors: expected true, false or "auto", got an object',
      ]],
      ["flowlog.json", '{"__proto__": {"polluted": 1}}', ["flowlog.json: __proto__: forbidden key"]],
      ["flowlog.json", '{"constructor": {"prototype": {"polluted": 1}}}', ["flowlog.json: constructor: forbidden key"]],
      ["flowlog.json", '{"sinks": {"__proto__": {"polluted": 1}}}', ["flowlog.json: sinks.__proto__: forbidden key"]],
      ["flowlog.json", '{"sinks": {"email": {"to_addrs": [{"__proto__": {"polluted": 1}}]}}}', [
        "flowlog.json: sinks.email.to_addrs.0.__proto__: forbidden key",
        "flowlog.json: sinks.email.to_addrs: expected every item to be an email address, got an object (item 1)",
      ]],
    ];
    for (const [name, text, expected] of attempts) {
      it(`${name}: ${text.replace(/\n/g, "⏎")}`, () => {
        wd.write(name, text);
        expect(problemsOf(() => load()).problems).to.deep.equal(expected);
      });
    }

    it("code: own __proto__ and constructor keys (JSON.parse, computed keys)", () => {
      const code = JSON.parse('{"sinks": {"file_text": {"__proto__": {"polluted": 1}}}, "constructor": {"prototype": {"polluted": 1}}}');
      expect(problemsOf(() => load({}, code)).problems).to.deep.equal([
        "code: sinks.file_text.__proto__: forbidden key",
        "code: constructor: forbidden key",
      ]);
      expect(problemsOf(() => load({}, { sinks: { ["__proto__"]: { polluted: 1 } } })).problems).to.deep.equal([
        "code: sinks.__proto__: forbidden key",
      ]);
    });

    it("code: an object with another prototype (a literal `__proto__:`) is not read through", () => {
      const code = { __proto__: { sinks: { terminal: { enabled: false } } } };
      expect(problemsOf(() => load({}, code)).problems).to.deep.equal([
        "code: expected a plain object (its prototype is not Object.prototype)",
      ]);
      class Sinks {
        terminal = { enabled: false };
      }
      expect(problemsOf(() => load({}, { sinks: new Sinks() })).problems).to.deep.equal([
        "code: sinks: expected a plain object (its prototype is not Object.prototype)",
      ]);
    });
  });

  describe("the loaded config", () => {
    it("is frozen, and the code object is neither frozen nor changed", () => {
      const code = { sinks: { email: { to_addrs: ["ops@example.com"] } } };
      const { config } = load({}, code);
      expect(Object.isFrozen(config)).to.equal(true);
      expect(Object.isFrozen(config.sinks.email)).to.equal(true);
      expect(Object.isFrozen(config.sinks.email.to_addrs)).to.equal(true);
      expect(Object.isFrozen(code.sinks.email.to_addrs)).to.equal(false);
      expect(code).to.deep.equal({ sinks: { email: { to_addrs: ["ops@example.com"] } } });
    });

    it("has every key, unset optional keys undefined", () => {
      const { config } = load();
      expect(Object.keys(config.sinks.discord)).to.deep.equal([
        "enabled", "min_level", "batch_ms", "max_queue", "timeout_ms", "max_retries", "webhook_url", "username",
      ]);
      expect(Object.keys(config)).to.deep.equal(["logger_name", "strict", "dead_letter", "sinks"]);
    });
  });
});
