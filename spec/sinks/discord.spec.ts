import { expect } from "chai";
import { DiscordSink } from "../../src/sinks/discord.js";
import { FakeDiscord, pingsAnyone } from "../helpers/servers/index.js";
import { alertLogger, FAST } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { useServer } from "../helpers/per-test.js";
import { waitUntil } from "../helpers/wait-until.js";

describe("DiscordSink (against a loopback Discord emulator)", () => {
  const discord = useServer(() => FakeDiscord.start());
  const dir = useTempDir("flowlog-discord-");
  const sink = (options: Partial<ConstructorParameters<typeof DiscordSink>[0]> = {}) =>
    new DiscordSink({ webhookUrl: discord().webhookUrl(), ...FAST, ...options });
  const embedCount = () => discord().messages.reduce((sum, message) => sum + (message.embeds?.length ?? 0), 0);

  it("delivers hostile and huge records exactly once, in payloads the contract accepts, pinging nobody", async () => {
    const { log } = alertLogger(dir(), [sink()]);
    const nested: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) nested[`key_${i}`] = { deep: { deeper: ["x".repeat(2000)] } };
    log.error("@everyone @here <@123> <@&456> ping");
    log.error("<b>x</b><a href=\"javascript:alert(1)\">y</a> & <script>");
    log.error("y".repeat(10_000), { extra: nested });
    log.critical("`code` **bold** [click](http://evil)", { exc: new Error("boom", { cause: new Error("```") }) });
    for (let i = 0; i < 30; i++) log.error(`distinct ${i}`);
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.discord).to.include({ accepted: 34, delivered: 34, failed: 0 });
    expect(discord().requests.every((request) => request.status === 204), JSON.stringify(discord().requests.map((r) => r.status))).to.equal(true);
    expect(embedCount()).to.equal(34);
    expect(discord().messages.some((message) => pingsAnyone(message))).to.equal(false);
    expect(discord().messages.every((message) => JSON.stringify(message.allowed_mentions) === '{"parse":[]}')).to.equal(true);
  });

  it("shares one message between the records of a batch while the limits allow", async () => {
    const { log } = alertLogger(dir(), [sink({ batchMs: 60_000 })]);
    for (let i = 0; i < 25; i++) log.error(`alert ${i}`);
    await log.complete();
    expect(discord().messages.map((message) => message.embeds?.length)).to.deep.equal([10, 10, 5]);
  });

  it("honours a 429's retry_after: no request before the hint, and every record delivered", async () => {
    discord().rateLimit({ retryAfterSec: 0.5 });
    const { log } = alertLogger(dir(), [sink()]);
    log.error("first");
    log.error("second");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(discord().violations).to.deep.equal([]);
    expect(discord().requests.map((request) => request.status)).to.deep.equal([429, 204]);
    const gap = discord().requests[1].receivedAt - discord().requests[0].receivedAt;
    expect(gap).to.be.at.least(480);
    expect(report.sinks.discord).to.include({ delivered: 2, failed: 0 });
  });

  it("retries 5xx with backoff until it is accepted", async () => {
    discord().script({ status: 503, body: { message: "unavailable", code: 0 } }, { status: 502, body: "bad gateway" });
    const { log } = alertLogger(dir(), [sink()]);
    log.error("retried");
    const report = await log.complete();
    expect(discord().requests.map((request) => request.status)).to.deep.equal([503, 502, 204]);
    expect(report.sinks.discord).to.include({ delivered: 1, failed: 0 });
  });

  it("does not retry 404 (deleted webhook): one attempt, dead-lettered, and the sink stops sending", async () => {
    discord().deleteWebhook(discord().webhookId);
    const { log, deadLetters, fileLines, warnings } = alertLogger(dir(), [sink({ batchMs: 5 })]);
    log.error("lost webhook");
    await discord().waitForRequests(1);
    log.critical("after disabling");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(discord().requests).to.have.length(1);
    expect(report.sinks.discord).to.include({ accepted: 2, delivered: 0, failed: 2, deadLettered: 2 });
    expect(report.sinks.discord.lastError).to.match(/404/);
    expect(deadLetters().map((line) => [line.msg, line.dead_letter.sink])).to.deep.equal([
      ["lost webhook", "discord"],
      ["after disabling", "discord"],
    ]);
    expect(fileLines()).to.have.length(2);
    expect(warnings.filter((warning) => warning.includes("disabled"))).to.have.length(1);
  });

  it("does not retry 401 (invalid token)", async () => {
    const { log } = alertLogger(dir(), [new DiscordSink({ webhookUrl: discord().webhookUrl({ token: "wrong-token-value" }), ...FAST })]);
    log.error("bad token");
    const report = await log.complete();
    expect(discord().requests.map((request) => request.status)).to.deep.equal([401]);
    expect(report.sinks.discord).to.include({ failed: 1, deadLettered: 1 });
  });

  it("a hanging server does not hold complete() past its deadline; its records go to the dead letter", async () => {
    discord().script({ hang: true }, { hang: true }, { hang: true }, { hang: true });
    const { log, deadLetters, fileLines } = alertLogger(dir(), [sink({ timeoutMs: 60_000 })]);
    for (let i = 0; i < 5; i++) log.error(`stuck ${i}`);
    await discord().waitForRequests(1);
    const report = await log.complete({ timeoutMs: 300 });
    expectReportAddsUp(report);
    expect(report.sinks.discord).to.include({ accepted: 5, delivered: 0, failed: 5, deadLettered: 5 });
    expect(deadLetters()).to.have.length(5);
    expect(fileLines()).to.have.length(5);
    // complete() waited for the client to close its sockets; the server sees the close next.
    await waitUntil(async () => (await discord().getConnections()) === 0);
  });

  it("coalesces an alert storm: 10,000 identical errors become two messages, the file gets every record", async () => {
    const { log, fileLines } = alertLogger(dir(), [sink()]);
    for (let i = 0; i < 10_000; i++) log.error("DB down", { extra: { host: "db1" } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.discord).to.include({ accepted: 10_000, delivered: 10_000 });
    expect(embedCount()).to.equal(2);
    expect(JSON.stringify(discord().messages)).to.include("×9,999 in the last");
    expect(fileLines()).to.have.length(10_000);
  });

  it("never puts the webhook token in errors, warnings, the dead letter or the report", async () => {
    const token = discord().webhookToken;
    discord().script({ status: 401, body: { message: `Invalid Webhook Token ${discord().webhookUrl()}`, code: 50027 } });
    const { log, everything } = alertLogger(dir(), [sink()]);
    log.error("secret check");
    const report = await log.complete();
    expect(report.sinks.discord.failed).to.equal(1);
    expect(everything([report])).not.to.include(token);
    expect(() => new DiscordSink({ webhookUrl: `not a url ${token}` })).to.throw(/not a valid URL/).and.satisfy((error: Error) => !error.message.includes(token));
  });
});
