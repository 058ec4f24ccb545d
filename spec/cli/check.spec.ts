// `flowlog check` driven as a user runs it (`npx flowlog check` from the installed package), on
// real config layers: flowlog.yaml, .env and environment variables.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { installedCli, type CliResult, type InstalledCli } from "../helpers/installed-cli.js";

const WEBHOOK_TOKEN = "hX9-webhook-token-SECRET";
const BOT_TOKEN = "123456:AAbot-token-SECRET";
const PASSWORD = "smtp-password-SECRET";

/** The "from" column of a key's row. */
function sourceOf(result: CliResult, key: string): string | undefined {
  const row = result.stdout.split("\n").find((line) => line.trim().split(/\s+/)[0] === key);
  return row?.trim().split(/\s+/).pop();
}
function valueOf(result: CliResult, key: string): string | undefined {
  const row = result.stdout.split("\n").find((line) => line.trim().split(/\s+/)[0] === key);
  return row?.trim().split(/\s+/)[1];
}
function expectNoSecret(result: CliResult): void {
  for (const secret of [WEBHOOK_TOKEN, BOT_TOKEN, PASSWORD, "AAbot", "hX9"]) {
    expect(result.stdout + result.stderr).not.to.include(secret);
  }
}

describe("cli: flowlog check", function () {
  this.timeout(60_000);
  let cli: InstalledCli;
  let dir: string;

  before(async function () {
    this.timeout(300_000);
    cli = await installedCli();
  });
  // Inside the consumer project, where `npx flowlog` finds the installed command.
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(cli.dir, "project-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("no configuration at all: every value from the defaults, exit 0", async () => {
    const result = await cli.run(["check", "--cwd", dir]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include(`Configuration in ${dir}\n`);
    expect(result.stdout).to.include("Layers, lowest first: defaults\n");
    expect(sourceOf(result, "sinks.terminal.enabled")).to.equal("default");
    expect(valueOf(result, "sinks.terminal.min_level")).to.equal("DEBUG");
    expect(result.stdout).to.match(/OK: no problem\.\n$/);
  });

  it("names the layer of each value: default, flowlog.yaml, .env, environment; secrets masked", async () => {
    fs.writeFileSync(path.join(dir, "flowlog.yaml"), "logger_name: shop\nsinks:\n  file_json:\n    enabled: true\n    min_level: INFO\n  discord:\n    enabled: true\n  email:\n    enabled: true\n    smtp_host: 127.0.0.1\n    from_addr: app@shop.test\n    username: app\n");
    fs.writeFileSync(path.join(dir, ".env"), `FLOWLOG_DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/42/${WEBHOOK_TOKEN}\nFLOWLOG_FILE_JSON_MIN_LEVEL=WARNING\nFLOWLOG_EMAIL_TO_ADDRS=ops@shop.test,dev@shop.test\n`);
    const result = await cli.run(["check"], { cwd: dir, env: { FLOWLOG_FILE_JSON_PATH: "logs/shop.ndjson", FLOWLOG_EMAIL_PASSWORD: PASSWORD } });
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include("Layers, lowest first: defaults < flowlog.yaml < .env < environment\n");
    const expected: [string, string, string][] = [
      ["logger_name", "shop", "flowlog.yaml"],
      ["sinks.file_json.enabled", "true", "flowlog.yaml"],
      ["sinks.file_json.min_level", "WARNING", ".env"],
      ["sinks.file_json.path", "logs/shop.ndjson", "environment"],
      ["sinks.file_json.backup_count", "5", "default"],
      ["sinks.discord.webhook_url", "https://discord.com/api/webhooks/***", ".env"],
      ["sinks.email.password", "***", "environment"],
      ["sinks.email.to_addrs", "ops@shop.test,", ".env"],
    ];
    for (const [key, value, source] of expected) {
      expect([key, valueOf(result, key), sourceOf(result, key)], key).to.deep.equal([key, value, source]);
    }
    expect(result.stdout).to.match(/sinks\.file_csv\.enabled +false +default\n/);
    expect(result.stdout).not.to.include("sinks.file_csv.path");
    expectNoSecret(result);
  });

  it("lists every problem with its layer and key path, and exits 1; no secret in them", async () => {
    fs.writeFileSync(path.join(dir, "flowlog.yaml"), "sinks:\n  discord:\n    enabled: true\n    min_level: LOUD\n  telegram:\n    enabled: true\n  terminl: {}\n");
    fs.writeFileSync(path.join(dir, ".env"), `FLOWLOG_DISCORD_WEBHOOK_URL=not a url ${WEBHOOK_TOKEN}\nFLOWLOG_TELEGRAM_BOT_TOKEN=${BOT_TOKEN}\n`);
    const result = await cli.run(["check", "--cwd", dir], { env: { FLOWLOG_FILE_TEXT_MAX_BYTES: "ten" } });
    expect(result.code, result.stdout + result.stderr).to.equal(1);
    const problems = result.stdout.slice(result.stdout.indexOf("problems:"));
    expect(problems).to.match(/flowlog\.yaml: sinks\.discord\.min_level: expected a level/);
    expect(problems).to.match(/environment: FLOWLOG_FILE_TEXT_MAX_BYTES: /);
    expect(problems).to.match(/sinks\.telegram\.chat_id is required when the telegram sink is enabled/);
    expect(problems).to.match(/\.env: FLOWLOG_DISCORD_WEBHOOK_URL: /);
    expect(result.stdout).to.match(/1 warning:\n {2}flowlog\.yaml: sinks\.terminl: unknown key \(did you mean "terminal"\?\)/);
    expect(result.stdout).not.to.include("OK: no problem");
    expectNoSecret(result);
  });

  it("--strict makes an unknown key a problem (exit 1); without it, a warning (exit 0)", async () => {
    fs.writeFileSync(path.join(dir, "flowlog.yaml"), "sinks:\n  file_jsn:\n    enabled: true\n");
    const lenient = await cli.run(["check", "--cwd", dir]);
    expect(lenient.code).to.equal(0);
    expect(lenient.stdout).to.include("OK: no problem (1 warning).");
    const strict = await cli.run(["check", "--cwd", dir, "--strict"]);
    expect(strict.code).to.equal(1);
    expect(strict.stdout).to.match(/1 problem:\n {2}flowlog\.yaml: sinks\.file_jsn: unknown key \(did you mean "file_json"\?\)/);
  });

  it("reads the file named by FLOWLOG_CONFIG, as new Logger does", async () => {
    fs.mkdirSync(path.join(dir, "conf"));
    fs.writeFileSync(path.join(dir, "conf", "prod.json"), JSON.stringify({ logger_name: "prod" }));
    const result = await cli.run(["check", "--cwd", dir], { env: { FLOWLOG_CONFIG: "conf/prod.json" } });
    expect(result.code, result.stdout).to.equal(0);
    expect([valueOf(result, "logger_name"), sourceOf(result, "logger_name")]).to.deep.equal(["prod", "conf/prod.json"]);
  });

  it("usage errors exit 2; --help exits 0", async () => {
    const missing = await cli.run(["check", "--cwd", path.join(dir, "nope")]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include("--cwd: not a directory");
    const positional = await cli.run(["check", dir]);
    expect(positional.code).to.equal(2);
    expect(positional.stderr).to.include("the directory goes in --cwd");
    const help = await cli.run(["check", "--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: flowlog check/).and.include("Exit codes: 0 no problem");
  });
});
