import { expect } from "chai";
import { TelegramSink } from "../../src/sinks/telegram.js";
import { DEFAULT_CHAT_ID, DEFAULT_GROUP_ID, FakeTelegram } from "../helpers/servers/index.js";
import { alertLogger, FAST, STOPPED_AT_DEADLINE } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";

describe("TelegramSink (against a loopback Telegram Bot API emulator)", () => {
  let telegram: FakeTelegram;
  afterEach(async () => {
    await telegram.close();
  });
  const dir = useTempDir("flowlog-telegram-");
  beforeEach(async () => {
    telegram = await FakeTelegram.start();
  });
  const sink = (options: Partial<ConstructorParameters<typeof TelegramSink>[0]> = {}) =>
    new TelegramSink({ botToken: telegram.token, chatId: DEFAULT_CHAT_ID, apiBase: telegram.apiBase, ...FAST, ...options });
  const visible = () => telegram.messages.map((message) => message.text).join("\n");

  it("delivers hostile and huge records exactly once, in HTML the contract accepts, user text escaped", async () => {
    const { log } = alertLogger(dir(), [sink()]);
    const nested: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) nested[`key_${i}`] = { deep: { deeper: ["x".repeat(2000)] } };
    const hostile = '<b>x</b><a href="javascript:alert(1)">y</a> & <script>';
    log.error(hostile);
    log.error("y".repeat(10_000), { extra: nested });
    log.critical("&nbsp; &amp; <pre>` **bold** </code>", { exc: new Error("boom", { cause: new Error("</pre><b>") }) });
    for (let i = 0; i < 30; i++) log.error(`distinct ${i}`);
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.telegram).to.include({ accepted: 33, delivered: 33, failed: 0 });
    expect(telegram.requests.every((request) => request.status === 200), JSON.stringify(telegram.requests.map((r) => r.status))).to.equal(true);
    expect(telegram.messages.length).to.be.at.least(2);
    // The user's text is shown as text: no entity came from it (only flowlog's own b/i/pre).
    expect(visible()).to.include(hostile);
    expect(visible()).to.include("&nbsp; &amp; <pre>` **bold** </code>");
    for (const message of telegram.messages) {
      expect(message.parseMode).to.equal("HTML");
      expect(message.chatId).to.equal(String(DEFAULT_CHAT_ID));
      expect(message.linkPreviewOptions).to.deep.equal({ is_disabled: true });
      expect(message.entities.some((entity) => entity.type === "text_link")).to.equal(false);
      expect(message.text.length).to.be.at.most(4096);
    }
    // each distinct record exactly once
    for (let i = 0; i < 30; i++) expect(visible().match(new RegExp(`distinct ${i}(?!\\d)`, "g")), `distinct ${i}`).to.have.length(1);
    expect(visible().split(hostile).length - 1).to.equal(1);
    expect(visible()).to.include("y".repeat(4000));
  });

  it("honours a 429's parameters.retry_after: no request before the hint, and every record delivered", async () => {
    telegram.rateLimit({ retryAfterSec: 1 });
    const { log } = alertLogger(dir(), [sink()]);
    log.error("first");
    log.error("second");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(telegram.violations).to.deep.equal([]);
    expect(telegram.requests.map((request) => request.status)).to.deep.equal([429, 200]);
    const gap = telegram.requests[1].receivedAt - telegram.requests[0].receivedAt;
    expect(gap).to.be.at.least(980);
    expect(report.sinks.telegram).to.include({ delivered: 2, failed: 0 });
    expect(visible()).to.include("first").and.include("second");
  });

  it("retries 5xx with backoff until it is accepted", async () => {
    telegram.script(
      { status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } },
      { status: 502, body: "bad gateway" },
    );
    const { log } = alertLogger(dir(), [sink()]);
    log.error("retried");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(telegram.requests.map((request) => request.status)).to.deep.equal([500, 502, 200]);
    expect(report.sinks.telegram).to.include({ delivered: 1, failed: 0 });
    expect(telegram.messages).to.have.length(1);
  });

  it("does not retry 401 (invalid bot token): one attempt, dead-lettered, and the sink stops sending", async () => {
    const { log, deadLetters, fileLines, warnings } = alertLogger(dir(), [sink({ botToken: "999:wrong-token-value", batchMs: 5 })]);
    log.error("bad token");
    await telegram.waitForRequests(1);
    log.critical("after disabling");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(telegram.requests.map((request) => request.status)).to.deep.equal([401]);
    expect(report.sinks.telegram).to.include({ accepted: 2, delivered: 0, failed: 2, deadLettered: 2 });
    expect(report.sinks.telegram.lastError).to.match(/401/);
    expect(deadLetters().map((line) => [line.msg, line.dead_letter.sink])).to.deep.equal([
      ["bad token", "telegram"],
      ["after disabling", "telegram"],
    ]);
    expect(fileLines()).to.have.length(2);
    expect(warnings.filter((warning) => warning.includes("disabled"))).to.have.length(1);
  });

  it("a server that would answer only long after complete()'s deadline does not hold it: complete() settles first, its records go to the dead letter", async () => {
    // It would accept every message, 10 s after each request: if complete() waited for it, they would be delivered.
    const late = { delayMs: 10_000, then: { status: 200, body: { ok: true, result: { message_id: 1 } } } };
    telegram.script(late, late, late, late);
    const { log, deadLetters, fileLines } = alertLogger(dir(), [sink({ timeoutMs: 60_000 })]);
    for (let i = 0; i < 5; i++) log.error(`stuck ${i}`);
    await telegram.waitForRequests(1);
    const report = await log.complete({ timeoutMs: 300 });
    expect(telegram.requests.map((request) => request.respondedAt), "no answer had come when complete() settled").to.deep.equal(telegram.requests.map(() => undefined));
    expectReportAddsUp(report);
    expect(report.sinks.telegram.lastError).to.equal(STOPPED_AT_DEADLINE);
    expect(report.sinks.telegram).to.include({ accepted: 5, delivered: 0, failed: 5, deadLettered: 5 });
    expect(deadLetters().map((line) => line.dead_letter.reason)).to.deep.equal(Array(5).fill(STOPPED_AT_DEADLINE));
    expect(fileLines()).to.have.length(5);
    await waitUntil(async () => (await telegram.getConnections()) === 0);
  });

  it("follows a group's migrate_to_chat_id once, and keeps sending to the supergroup", async () => {
    await telegram.close();
    const oldGroup = -4242;
    telegram = await FakeTelegram.start({ migrated: { [String(oldGroup)]: DEFAULT_GROUP_ID } });
    const { log } = alertLogger(dir(), [sink({ chatId: oldGroup, batchMs: 5 })]);
    log.error("to the old group");
    await telegram.waitForMessages(1);
    log.error("after migration");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.telegram).to.include({ accepted: 2, delivered: 2, failed: 0 });
    expect(telegram.requests.map((request) => request.status)).to.deep.equal([400, 200, 200]);
    expect(telegram.messages.map((message) => message.chatId)).to.deep.equal([String(DEFAULT_GROUP_ID), String(DEFAULT_GROUP_ID)]);
    expect(telegram.messages.map((message) => message.text).join("\n")).to.include("to the old group").and.include("after migration");
  });

  it("follows a migration only once: a second migrate_to_chat_id is a permanent failure, not a loop", async () => {
    await telegram.close();
    telegram = await FakeTelegram.start({ migrated: { "-4242": -4343, "-4343": DEFAULT_GROUP_ID } });
    const { log, deadLetters } = alertLogger(dir(), [sink({ chatId: -4242 })]);
    log.error("migrated twice");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(telegram.requests.map((request) => request.status)).to.deep.equal([400, 400]);
    expect(telegram.messages).to.have.length(0);
    expect(report.sinks.telegram).to.include({ accepted: 1, delivered: 0, failed: 1, deadLettered: 1 });
    expect(deadLetters().map((line) => line.msg)).to.deep.equal(["migrated twice"]);
  });

  it("never puts the bot token in errors, warnings, the dead letter or the report", async () => {
    const token = telegram.token;
    telegram.script(
      { status: 500, body: { ok: false, error_code: 500, description: `Internal error at /bot${token}/sendMessage` } },
      { status: 401, body: { ok: false, error_code: 401, description: `Unauthorized: ${telegram.methodUrl()}` } },
    );
    const { log, everything } = alertLogger(dir(), [sink({ maxRetries: 1 })]);
    log.error("secret check");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.telegram.failed).to.equal(1);
    expect(everything([report])).not.to.include(token);
    expect(() => new TelegramSink({ botToken: token, chatId: 1, apiBase: `not a url ${token}` }))
      .to.throw(/not a valid URL/)
      .and.satisfy((error: Error) => !error.message.includes(token));
  });

  it("never puts the bot token in the report when the server cannot be reached", async () => {
    const token = telegram.token;
    await telegram.stop();
    const { log, everything } = alertLogger(dir(), [sink({ maxRetries: 1 })]);
    log.error("unreachable");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.telegram).to.include({ failed: 1, deadLettered: 1 });
    expect(everything([report])).not.to.include(token);
  });
});
