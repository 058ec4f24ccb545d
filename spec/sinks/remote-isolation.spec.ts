import { expect } from "chai";
import { DiscordSink } from "../../src/sinks/discord.js";
import { TelegramSink } from "../../src/sinks/telegram.js";
import { WhatsAppSink } from "../../src/sinks/whatsapp.js";
import { DEFAULT_CHAT_ID, FakeDiscord, FakeTelegram, FakeTwilio, type Behaviour } from "../helpers/servers/index.js";
import { alertLogger, FAST, STOPPED_AT_DEADLINE } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useServer } from "../helpers/per-test.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";

describe("remote sinks in isolation from the caller and from each other", () => {
  const discord = useServer(() => FakeDiscord.start());
  const telegram = useServer(() => FakeTelegram.start());
  const twilio = useServer(() => FakeTwilio.start());
  const dir = useTempDir("flowlog-remote-isolation-");
  const sinks = (options: { discordToken?: string; twilioToken?: string; timeoutMs?: number } = {}) => [
    new DiscordSink({ webhookUrl: discord().webhookUrl(options.discordToken ? { token: options.discordToken } : {}), ...FAST, timeoutMs: options.timeoutMs ?? FAST.timeoutMs }),
    new TelegramSink({ botToken: telegram().token, chatId: DEFAULT_CHAT_ID, apiBase: telegram().apiBase, ...FAST, timeoutMs: options.timeoutMs ?? FAST.timeoutMs }),
    new WhatsAppSink({
      accountSid: twilio().accountSid,
      authToken: options.twilioToken ?? twilio().authToken,
      fromNumber: "+14155550100",
      toNumber: "+15551234567",
      apiBase: twilio().apiBase,
      ...FAST,
      timeoutMs: options.timeoutMs ?? FAST.timeoutMs,
    }),
  ];
  const REMOTE = ["discord", "telegram", "whatsapp"] as const;

  it("the caller never waits on the network: 1,000 log calls while every server hangs return at once", async () => {
    const hangs: Behaviour[] = Array.from({ length: 200 }, () => ({ hang: true }));
    discord().script(...hangs);
    telegram().script(...hangs);
    twilio().script(...hangs);
    const { log, deadLetters, fileLines } = alertLogger(dir(), sinks({ timeoutMs: 60_000 }));
    for (let i = 0; i < 1000; i++) log.error(`outage ${i}`, { extra: { i } });
    // Every call returned before any server had even seen a request: sends run off the caller's stack.
    expect([discord().requests.length, telegram().requests.length, twilio().requests.length]).to.deep.equal([0, 0, 0]);
    await Promise.all([discord().waitForRequests(1), telegram().waitForRequests(1), twilio().waitForRequests(1)]);
    // The attempts' own timeouts are a minute away: only complete()'s deadline can end these records.
    const report = await log.complete({ timeoutMs: 500 });
    expectReportAddsUp(report);
    for (const name of REMOTE) {
      expect(report.sinks[name], name).to.include({ accepted: 1000, delivered: 0, failed: 1000, deadLettered: 1000, lastError: STOPPED_AT_DEADLINE });
    }
    expect(fileLines()).to.have.length(1000);
    const dead = deadLetters();
    expect(dead).to.have.length(3000);
    for (const name of REMOTE) expect(dead.filter((line) => line.dead_letter.sink === name), name).to.have.length(1000);
    // Nothing got through, and every hanging connection was let go.
    expect([discord().messages.length, telegram().messages.length, twilio().messages.length]).to.deep.equal([0, 0, 0]);
    await waitUntil(async () =>
      (await Promise.all([discord().getConnections(), telegram().getConnections(), twilio().getConnections()])).every((count) => count === 0),
    );
  });

  it("one remote sink failing permanently does not affect another's delivery", async () => {
    discord().deleteWebhook(discord().webhookId);
    const { log, deadLetters, fileLines, warnings } = alertLogger(dir(), sinks({ twilioToken: "wrong_auth_token_value" }));
    for (let i = 0; i < 20; i++) log.error(`incident ${i}`);
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.discord).to.include({ accepted: 20, delivered: 0, failed: 20, deadLettered: 20 });
    expect(report.sinks.whatsapp).to.include({ accepted: 20, delivered: 0, failed: 20, deadLettered: 20 });
    expect(report.sinks.telegram).to.include({ accepted: 20, delivered: 20, failed: 0, deadLettered: 0 });
    expect(discord().requests.map((request) => request.status)).to.deep.equal([404]);
    expect(twilio().requests.map((request) => request.status)).to.deep.equal([401]);
    expect(telegram().requests.every((request) => request.status === 200)).to.equal(true);
    const text = telegram().messages.map((message) => message.text).join("\n");
    for (let i = 0; i < 20; i++) expect(text.match(new RegExp(`incident ${i}(?!\\d)`, "g")), `incident ${i}`).to.have.length(1);
    expect(fileLines()).to.have.length(20);
    const dead = deadLetters();
    expect(dead.filter((line) => line.dead_letter.sink === "telegram")).to.have.length(0);
    expect(dead).to.have.length(40);
    // Each failing sink says so once; the healthy one says nothing.
    expect(warnings.filter((warning) => warning.includes('"discord"'))).to.have.length(1);
    expect(warnings.filter((warning) => warning.includes('"whatsapp"'))).to.have.length(1);
    // Each disabled sink says it stopped, once, in its first warning.
    for (const name of ['"discord"', '"whatsapp"']) {
      expect(warnings.find((warning) => warning.includes(name))).to.include("sink disabled after a permanent error");
    }
    expect(warnings.filter((warning) => warning.includes('"telegram"'))).to.have.length(0);
  });

  it("a hanging sink does not delay another sink's delivery", async () => {
    discord().script(...Array.from({ length: 50 }, (): Behaviour => ({ hang: true })));
    const { log } = alertLogger(dir(), sinks({ timeoutMs: 60_000 }));
    for (let i = 0; i < 5; i++) log.error(`parallel ${i}`);
    await telegram().waitForMessages(1);
    await twilio().waitForMessages(1);
    await discord().waitForRequests(1);
    const report = await log.complete({ timeoutMs: 300 });
    expectReportAddsUp(report);
    expect(report.sinks.telegram).to.include({ accepted: 5, delivered: 5, failed: 0 });
    expect(report.sinks.whatsapp).to.include({ accepted: 5, delivered: 5, failed: 0 });
    expect(report.sinks.discord).to.include({ accepted: 5, delivered: 0, failed: 5, deadLettered: 5 });
  });
});
