import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import { FlowlogConfigError, Logger, type FlowlogConfigInput } from "../src/index.js";
import { readLines, useTempDir } from "./helpers/temp-dir.js";

/** Configuration as a user meets it: through `new Logger(...)` in a working directory. */
describe("Logger configuration (through new Logger)", () => {
  const dir = useTempDir("flowlog-logcfg-");
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir(), name), text);
  // `unknown`: these tests give what only JavaScript (or a cast) can, to check the run-time checks.
  const make = (env: Record<string, string> = {}, config?: unknown, name?: string) => {
    const warnings: string[] = [];
    const log = new Logger(name, { cwd: dir(), env, config: config as FlowlogConfigInput, onWarning: (w) => warnings.push(w) });
    return { log, warnings };
  };
  const sinkNames = (log: Logger) => log.sinks.map((sink) => sink.name).sort();
  const minLevelOf = (log: Logger, name: string) => log.sinks.find((sink) => sink.name === name)?.minLevel;

  it("with nothing configured: a terminal sink at DEBUG and the name given in code", async () => {
    const { log } = make({}, undefined, "plain");
    expect(sinkNames(log)).to.deep.equal(["terminal"]);
    expect(log.name).to.equal("plain");
    await log.complete();
  });

  it("one rule for the name: logger_name from any layer, else the name given to new Logger, else flowlog; log.config says the same", async () => {
    const quiet = { terminal: { enabled: false } };
    const cases: Array<[Record<string, string>, object, string | undefined, string]> = [
      [{ FLOWLOG_LOGGER_NAME: "from-env" }, {}, "from-code", "from-env"],
      [{}, { logger_name: "from-config" }, "from-code", "from-config"],
      [{ FLOWLOG_LOGGER_NAME: "from-env" }, { logger_name: "from-config" }, "from-code", "from-config"],
      [{}, {}, "from-code", "from-code"],
      [{}, {}, undefined, "flowlog"],
    ];
    for (const [env, config, name, expected] of cases) {
      const { log } = make(env, { ...config, sinks: quiet }, name);
      const records: string[] = [];
      log.log$.subscribe((record) => records.push(record.logger));
      log.info("x");
      log.child({ a: 1 }).info("y");
      expect([log.name, log.config.logger_name, ...records], JSON.stringify({ env, config, name })).to.deep.equal([expected, expected, expected, expected]);
      await log.complete();
    }
  });

  it("reads flowlog.yaml, flowlog.yml and flowlog.json from the working directory", async () => {
    const files: Array<[string, string]> = [
      ["flowlog.yaml", "logger_name: from-yaml\nsinks:\n  terminal: { enabled: false }\n  file_json: { enabled: true, path: a.ndjson }\n"],
      ["flowlog.yml", "logger_name: from-yml\nsinks:\n  terminal: { enabled: false }\n  file_csv: { enabled: true, path: a.csv }\n"],
      ["flowlog.json", JSON.stringify({ logger_name: "from-json", sinks: { terminal: { enabled: false }, file_text: { enabled: true, path: "a.log" } } })],
    ];
    const expected = [["file_json"], ["file_csv"], ["file_text"]];
    for (const [index, [file, text]] of files.entries()) {
      for (const other of ["flowlog.yaml", "flowlog.yml", "flowlog.json"]) fs.rmSync(path.join(dir(), other), { force: true });
      write(file, text);
      const { log } = make();
      expect(log.name).to.equal(`from-${path.extname(file).slice(1)}`);
      expect(sinkNames(log)).to.deep.equal(expected[index]);
      await log.complete();
    }
  });

  it("layers: file < .env < environment < code, key by key", async () => {
    write("flowlog.yaml", "logger_name: file\nsinks:\n  terminal: { enabled: false }\n  file_json: { enabled: true, path: j.ndjson, min_level: INFO }\n  file_text: { enabled: true, path: t.log, min_level: INFO }\n  file_csv: { enabled: true, path: c.csv, min_level: INFO }\n  file_markdown: { enabled: true, path: m.md, min_level: INFO }\n");
    write(".env", "FLOWLOG_FILE_TEXT_MIN_LEVEL=AUDIT\nFLOWLOG_FILE_CSV_MIN_LEVEL=AUDIT\nFLOWLOG_FILE_MARKDOWN_MIN_LEVEL=AUDIT\n");
    const env = { FLOWLOG_FILE_CSV_MIN_LEVEL: "WARNING", FLOWLOG_FILE_MARKDOWN_MIN_LEVEL: "WARNING", FLOWLOG_LOGGER_NAME: "env" };
    const { log } = make(env, { sinks: { file_markdown: { min_level: "ERROR" } } });
    expect(minLevelOf(log, "file_json")).to.equal(20); // file only
    expect(minLevelOf(log, "file_text")).to.equal(25); // .env over file
    expect(minLevelOf(log, "file_csv")).to.equal(30); // environment over .env
    expect(minLevelOf(log, "file_markdown")).to.equal(40); // code over environment
    expect(log.name).to.equal("env"); // FLOWLOG_LOGGER_NAME when no name is given in code
    await log.complete();
  });

  it("FLOWLOG_CONFIG names the file; a path that does not exist is an error naming it", async () => {
    fs.mkdirSync(path.join(dir(), "conf"));
    write("conf/custom.yaml", "sinks:\n  terminal: { enabled: false }\n  file_json: { enabled: true, path: custom.ndjson }\n");
    const { log } = make({ FLOWLOG_CONFIG: "conf/custom.yaml" });
    log.info("via FLOWLOG_CONFIG");
    await log.complete();
    expect(readLines(path.join(dir(), "custom.ndjson"))).to.have.length(1);
    expect(() => make({ FLOWLOG_CONFIG: "conf/missing.yaml" })).to.throw(FlowlogConfigError, /conf[/\\]missing\.yaml/);
  });

  it("a bad value names its source and key path, in every layer", () => {
    const cases: Array<[() => void, RegExp]> = [
      [() => write("flowlog.yaml", "sinks:\n  terminal:\n    min_level: LOUD\n"), /flowlog\.yaml: sinks\.terminal\.min_level: expected a level: .*got "LOUD"/],
      [() => write(".env", "FLOWLOG_FILE_JSON_MAX_BYTES=ten\n"), /\.env: FLOWLOG_FILE_JSON_MAX_BYTES/],
    ];
    for (const [setUp, message] of cases) {
      for (const file of ["flowlog.yaml", ".env"]) fs.rmSync(path.join(dir(), file), { force: true });
      setUp();
      expect(() => make()).to.throw(FlowlogConfigError, message);
    }
    for (const file of ["flowlog.yaml", ".env"]) fs.rmSync(path.join(dir(), file), { force: true });
    expect(() => make({ FLOWLOG_TERMINAL_MIN_LEVEL: "LOUD" })).to.throw(FlowlogConfigError, /environment: FLOWLOG_TERMINAL_MIN_LEVEL/);
    expect(() => make({}, { sinks: { terminal: { min_level: "LOUD" } } })).to.throw(FlowlogConfigError, /code: sinks\.terminal\.min_level/);
  });

  it("a misspelled key is a warning with a suggestion; strict makes it an error", async () => {
    const { log, warnings } = make({}, { sinks: { terminal: { enabled: false }, file_jsn: { enabled: true } } });
    expect(warnings.join("\n")).to.match(/file_jsn.*did you mean "file_json"/);
    await log.complete();
    // @ts-expect-error file_jsn is not a sink: TypeScript says so before the run-time check does
    expect(() => new Logger("x", { cwd: dir(), env: {}, strict: true, config: { sinks: { file_jsn: {} } } })).to.throw(FlowlogConfigError, /file_jsn/);
  });

  it("prototype pollution in YAML and JSON is rejected and Object.prototype stays untouched", () => {
    const attempts: Array<[string, string]> = [
      ["flowlog.yaml", "sinks:\n  __proto__:\n    polluted: 1\n"],
      ["flowlog.yaml", "constructor:\n  prototype:\n    polluted: 1\n"],
      ["flowlog.json", '{"sinks":{"terminal":{"__proto__":{"polluted":1}}}}'],
      ["flowlog.json", '{"__proto__":{"polluted":1}}'],
    ];
    for (const [file, text] of attempts) {
      for (const other of ["flowlog.yaml", "flowlog.json"]) fs.rmSync(path.join(dir(), other), { force: true });
      write(file, text);
      expect(() => make(), text).to.throw(FlowlogConfigError, /forbidden key/);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    }
  });

  it("logger.config shows the effective config with secrets masked", async () => {
    const token = "123456:AAEhBOweik9ai2o4secret";
    const { log } = make({ FLOWLOG_TELEGRAM_BOT_TOKEN: token }, { sinks: { terminal: { enabled: false } } });
    const shown = JSON.stringify(log.config) + inspect(log.config, { depth: 10 }) + inspect(log, { depth: 10 });
    expect(shown).not.to.include(token);
    expect(shown).not.to.include("AAEhBOweik9ai2o4");
    expect((log.config as { sinks: { telegram: { bot_token: string } } }).sinks.telegram.bot_token).to.equal("***");
    await log.complete();
  });

  describe("remote sinks from the seed's environment variables", () => {
    const webhook = "https://discord.com/api/webhooks/123456/planted-webhook-token-abcdef";
    const botToken = "123456:AAEhBOweik9ai2o4planted";
    const authToken = "planted-twilio-auth-token-0987";
    const password = "planted-smtp-password-1234";
    const seedEnv = {
      FLOWLOG_LOGGER_NAME: "seeded",
      FLOWLOG_DISCORD_WEBHOOK_URL: webhook,
      FLOWLOG_TELEGRAM_BOT_TOKEN: botToken,
      FLOWLOG_TELEGRAM_CHAT_ID: "987654321",
      FLOWLOG_WHATSAPP_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef",
      FLOWLOG_WHATSAPP_AUTH_TOKEN: authToken,
      FLOWLOG_EMAIL_PASSWORD: password,
    };
    const enableAll = {
      sinks: {
        terminal: { enabled: false },
        discord: { enabled: true },
        telegram: { enabled: true },
        whatsapp: { enabled: true, from_number: "+14155238886", to_number: "+15551234567" },
        email: { enabled: true, smtp_host: "127.0.0.1", username: "alerts", from_addr: "a@example.com", to_addrs: ["b@example.com"] },
      },
    };

    it("build the four remote sinks, named after their keys, with the secrets masked in logger.config", async () => {
      const { log } = make(seedEnv, enableAll);
      expect(log.name).to.equal("seeded");
      expect(sinkNames(log)).to.deep.equal(["discord", "email", "telegram", "whatsapp"]);
      const shown = JSON.stringify(log.config) + inspect(log, { depth: 20 });
      for (const secret of [botToken, authToken, password, "planted-webhook-token-abcdef"]) expect(shown).not.to.include(secret);
      const report = await log.complete();
      expect(Object.keys(report.sinks).sort()).to.deep.equal(["discord", "email", "telegram", "whatsapp"]);
    });

    it("FLOWLOG_<SINK>_<KEY> reaches every remote sink", async () => {
      const env = {
        ...seedEnv,
        FLOWLOG_DISCORD_MIN_LEVEL: "WARNING",
        FLOWLOG_TELEGRAM_MIN_LEVEL: "SECURITY",
        FLOWLOG_WHATSAPP_MIN_LEVEL: "DEPLOY",
        FLOWLOG_EMAIL_MIN_LEVEL: "AUDIT",
        FLOWLOG_EMAIL_TO_ADDRS: "x@example.com,y@example.com",
      };
      const { log } = make(env, enableAll);
      expect([minLevelOf(log, "discord"), minLevelOf(log, "telegram"), minLevelOf(log, "whatsapp"), minLevelOf(log, "email")]).to.deep.equal([30, 35, 45, 25]);
      await log.complete();
    });

    it("an enabled sink missing what it needs is an error naming the key and the variable, with no secret in it", () => {
      const attempt = () => make({ FLOWLOG_TELEGRAM_BOT_TOKEN: botToken }, { sinks: { discord: { enabled: true }, telegram: { enabled: true } } });
      expect(attempt).to.throw(FlowlogConfigError, /sinks\.discord\.webhook_url is required .*FLOWLOG_DISCORD_WEBHOOK_URL/);
      expect(attempt).to.throw(FlowlogConfigError, /FLOWLOG_TELEGRAM_CHAT_ID/);
      try {
        attempt();
      } catch (error) {
        expect(String((error as Error).message)).not.to.include(botToken);
      }
    });

    it("a bad webhook URL is reported without its value", () => {
      const bad = "htp:/not-a-url/planted-webhook-token-abcdef";
      const warnings: string[] = [];
      let message = "";
      try {
        new Logger("x", { cwd: dir(), env: { FLOWLOG_DISCORD_WEBHOOK_URL: bad }, config: { sinks: { discord: { enabled: true } } }, onWarning: (w) => warnings.push(w) });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.match(/FLOWLOG_DISCORD_WEBHOOK_URL/);
      expect(message + warnings.join("")).not.to.include("planted-webhook-token-abcdef");
    });
  });
});
