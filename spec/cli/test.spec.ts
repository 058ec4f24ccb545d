// `flowlog test` driven as a user runs it (`npx flowlog test` from the installed package), with
// the configuration in real layers (flowlog.yaml, .env, environment) pointing at the loopback
// emulators of Discord, Telegram, Twilio and SMTP.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { installedCli, type CliResult, type InstalledCli } from "../helpers/installed-cli.js";
import { DEFAULT_CHAT_ID, FakeDiscord, FakeSmtp, FakeTelegram, FakeTwilio } from "../helpers/servers/index.js";

describe("cli: flowlog test", function () {
  this.timeout(60_000);
  let cli: InstalledCli;
  let dir: string;
  let discord: FakeDiscord;
  let telegram: FakeTelegram;
  let twilio: FakeTwilio;
  let smtp: FakeSmtp;

  before(async function () {
    this.timeout(300_000);
    cli = await installedCli();
  });
  beforeEach(async () => {
    // Inside the consumer project, where `npx flowlog` finds the installed command.
    dir = fs.mkdtempSync(path.join(cli.dir, "project-"));
    [discord, telegram, twilio, smtp] = await Promise.all([FakeDiscord.start(), FakeTelegram.start(), FakeTwilio.start(), FakeSmtp.start({ auth: { user: "alerts", pass: "smtp-pass-SECRET" } })]);
  });
  afterEach(async () => {
    await Promise.all([discord.close(), telegram.close(), twilio.close(), smtp.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every service configured: settings in flowlog.yaml, secrets in .env and the environment. */
  function configure(overrides: { webhookUrl?: string; botToken?: string } = {}): Record<string, string> {
    fs.writeFileSync(
      path.join(dir, "flowlog.yaml"),
      [
        "logger_name: shop",
        "sinks:",
        "  terminal: { enabled: false }",
        "  file_json: { enabled: true, path: logs/app.ndjson }",
        "  discord: { enabled: true, max_retries: 0 }",
        `  telegram: { enabled: true, chat_id: ${DEFAULT_CHAT_ID}, api_base: "${telegram.apiBase}", max_retries: 0 }`,
        `  whatsapp: { enabled: true, account_sid: ${twilio.accountSid}, from_number: "+14155238886", to_number: "+15551234567", api_base: "${twilio.apiBase}" }`,
        `  email: { enabled: true, smtp_host: 127.0.0.1, smtp_port: ${smtp.port}, username: alerts, from_addr: alerts@shop.test, to_addrs: [oncall@shop.test] }`,
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(dir, ".env"),
      `FLOWLOG_DISCORD_WEBHOOK_URL=${overrides.webhookUrl ?? discord.webhookUrl()}\nFLOWLOG_TELEGRAM_BOT_TOKEN=${overrides.botToken ?? telegram.token}\n`,
    );
    return { FLOWLOG_WHATSAPP_AUTH_TOKEN: twilio.authToken, FLOWLOG_EMAIL_PASSWORD: "smtp-pass-SECRET" };
  }

  function expectNoSecret(result: CliResult): void {
    const secrets = [discord.webhookToken, telegram.token, telegram.token.split(":")[1], twilio.authToken, "smtp-pass-SECRET", "wrong-token-SECRET"];
    for (const secret of secrets) expect(result.stdout + result.stderr, secret).not.to.include(secret);
  }

  const lineOf = (result: CliResult, sink: string) => result.stdout.split("\n").find((line) => line.trim().startsWith(`${sink} `));

  it("sends one marked record through every enabled sink and says each was delivered, with its time; exit 0", async () => {
    const env = configure();
    const result = await cli.run(["test"], { cwd: dir, env });
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    for (const sink of ["file_json", "discord", "telegram", "whatsapp", "email"]) {
      expect(lineOf(result, sink), sink).to.match(new RegExp(`^  ${sink} +delivered +\\d+ ms$`));
    }
    expect(result.stdout.trimEnd().split("\n")).to.have.length(5);
    // Each service got exactly one message, and it says it is a test.
    expect(discord.messages).to.have.length(1);
    expect(discord.messages[0].embeds?.[0]?.description).to.include("a test record sent by");
    expect(telegram.messages).to.have.length(1);
    expect(telegram.messages[0].text).to.include("flowlog test: a test record");
    expect(twilio.messages).to.have.length(1);
    expect(twilio.messages[0].body).to.include("flowlog test: a test record");
    expect(smtp.messages).to.have.length(1);
    expect(smtp.messages[0].parsed.text).to.include("flowlog test: a test record");
    const file = fs.readFileSync(path.join(dir, "logs", "app.ndjson"), "utf8").trim().split("\n");
    expect(file).to.have.length(1);
    expect(JSON.parse(file[0])).to.deep.include({ level: "DEBUG", logger: "shop" });
    expect(JSON.parse(file[0]).extra).to.include({ flowlog_test: true, sink: "file_json" });
    expectNoSecret(result);
  });

  it("a sink the service refuses is FAILED with the service's error (scrubbed) and its time; the others deliver; exit 1", async () => {
    const env = configure({ webhookUrl: discord.webhookUrl({ token: "wrong-token-SECRET" }), botToken: "999:wrong-token-SECRET" });
    const result = await cli.run(["test"], { cwd: dir, env });
    expect(result.code, result.stdout + result.stderr).to.equal(1);
    expect(lineOf(result, "discord")).to.match(/^ {2}discord +FAILED +\d+ ms {2}.*HTTP 401: Invalid Webhook Token/);
    expect(lineOf(result, "telegram")).to.match(/^ {2}telegram +FAILED +\d+ ms {2}.*401/);
    for (const sink of ["file_json", "whatsapp", "email"]) expect(lineOf(result, sink), sink).to.match(/ delivered /);
    expect(discord.messages).to.have.length(0);
    expectNoSecret(result);
    // No dead letter: a test leaves nothing behind but the record in each destination.
    expect(fs.existsSync(path.join(dir, "logs", "flowlog-dead-letter.ndjson"))).to.equal(false);
  });

  it("--sink tests only the named sinks", async () => {
    const env = configure();
    const result = await cli.run(["test", "--sink", "telegram", "--sink", "email"], { cwd: dir, env });
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout.trimEnd().split("\n").map((line) => line.trim().split(/\s+/)[0])).to.deep.equal(["telegram", "email"]);
    expect([discord.messages.length, telegram.messages.length, twilio.messages.length, smtp.messages.length]).to.deep.equal([0, 1, 0, 1]);
  });

  it("an unknown sink is a usage error (2); a disabled one or a configuration with problems exits 1", async () => {
    const env = configure();
    const unknown = await cli.run(["test", "--sink", "slack"], { cwd: dir, env });
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('--sink: unknown sink "slack"');
    const disabled = await cli.run(["test", "--sink", "file_csv"], { cwd: dir, env });
    expect(disabled.code).to.equal(1);
    expect(disabled.stderr).to.include("not enabled: file_csv");
    const broken = await cli.run(["test"], { cwd: dir, env: { ...env, FLOWLOG_DISCORD_MIN_LEVEL: "LOUD" } });
    expect(broken.code).to.equal(1);
    expect(broken.stderr).to.include("FLOWLOG_DISCORD_MIN_LEVEL");
    expect(discord.messages).to.have.length(0);
    const help = await cli.run(["test", "--help"], { cwd: dir });
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: flowlog test/);
  });
});
