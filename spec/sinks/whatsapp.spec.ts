import { expect } from "chai";
import { WhatsAppSink } from "../../src/sinks/whatsapp.js";
import { FakeTwilio } from "../helpers/servers/index.js";
import { alertLogger, FAST, STOPPED_AT_DEADLINE } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { useServer } from "../helpers/per-test.js";
import { waitUntil } from "../helpers/wait-until.js";

const FROM = "+14155550100";
const TO = "+15551234567";

describe("WhatsAppSink (against a loopback Twilio emulator)", () => {
  const twilio = useServer(() => FakeTwilio.start());
  const dir = useTempDir("flowlog-whatsapp-");
  const sink = (options: Partial<ConstructorParameters<typeof WhatsAppSink>[0]> = {}) =>
    new WhatsAppSink({
      accountSid: twilio().accountSid,
      authToken: twilio().authToken,
      fromNumber: FROM,
      toNumber: TO,
      apiBase: twilio().apiBase,
      ...FAST,
      ...options,
    });
  const bodies = () => twilio().messages.map((message) => message.body).join("\n");

  it("delivers hostile and huge records exactly once, in form bodies the contract accepts, as plain text", async () => {
    const { log } = alertLogger(dir(), [sink()]);
    const nested: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) nested[`key_${i}`] = { deep: { deeper: ["x".repeat(2000)] } };
    const hostile = '<b>x</b><a href="javascript:alert(1)">y</a> & <script> *bold* _it_ a=b&c=d';
    log.error(hostile);
    log.error("y".repeat(10_000), { extra: nested });
    log.critical("control\u0007 \u001b[31mred\u001b[0m \u202eevil", { exc: new Error("boom", { cause: new Error("nested") }) });
    for (let i = 0; i < 30; i++) log.error(`distinct ${i}`);
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.whatsapp).to.include({ accepted: 33, delivered: 33, failed: 0 });
    expect(twilio().requests.every((request) => request.status === 201), JSON.stringify(twilio().requests.map((r) => r.status))).to.equal(true);
    for (const message of twilio().messages) {
      expect(message.from).to.equal(`whatsapp:${FROM}`);
      expect(message.to).to.equal(`whatsapp:${TO}`);
      expect(message.body.length).to.be.at.most(1600);
      expect(message.body).not.to.match(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    }
    // plain text: the user's text arrives unescaped, form encoding kept "&" and "=" intact
    expect(bodies().split(hostile).length - 1).to.equal(1);
    for (let i = 0; i < 30; i++) expect(bodies().match(new RegExp(`distinct ${i}(?!\\d)`, "g")), `distinct ${i}`).to.have.length(1);
    // the huge record is cut within one message, with a visible marker
    const huge = twilio().messages.filter((message) => message.body.includes("yyyy"));
    expect(huge).to.have.length(1);
    expect(huge[0].body).to.match(/…\[\+[\d,]+ chars\]/);
  });

  it("honours a 429's Retry-After: no request before the hint, and every record delivered", async () => {
    twilio().rateLimit({ retryAfterSec: 1 });
    const { log } = alertLogger(dir(), [sink()]);
    log.error("first");
    log.error("second");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(twilio().violations).to.deep.equal([]);
    expect(twilio().requests.map((request) => request.status)).to.deep.equal([429, 201]);
    const gap = twilio().requests[1].receivedAt - twilio().requests[0].receivedAt;
    expect(gap).to.be.at.least(980);
    expect(report.sinks.whatsapp).to.include({ delivered: 2, failed: 0 });
    expect(bodies()).to.include("first").and.include("second");
  });

  it("retries 5xx with backoff until it is accepted", async () => {
    twilio().script(
      { status: 500, body: { code: 20500, message: "Internal Server Error", status: 500 } },
      { status: 503, body: "unavailable" },
    );
    const { log } = alertLogger(dir(), [sink()]);
    log.error("retried");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(twilio().requests.map((request) => request.status)).to.deep.equal([500, 503, 201]);
    expect(report.sinks.whatsapp).to.include({ delivered: 1, failed: 0 });
    expect(twilio().messages).to.have.length(1);
  });

  it("does not retry 401 (wrong auth token): one attempt, dead-lettered, and the sink stops sending", async () => {
    const { log, deadLetters, fileLines, warnings } = alertLogger(dir(), [sink({ authToken: "wrong_auth_token_value", batchMs: 5 })]);
    log.error("bad token");
    await twilio().waitForRequests(1);
    log.critical("after disabling");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(twilio().requests.map((request) => request.status)).to.deep.equal([401]);
    expect(report.sinks.whatsapp).to.include({ accepted: 2, delivered: 0, failed: 2, deadLettered: 2 });
    expect(report.sinks.whatsapp.lastError).to.match(/401/);
    expect(deadLetters().map((line) => [line.msg, line.dead_letter.sink])).to.deep.equal([
      ["bad token", "whatsapp"],
      ["after disabling", "whatsapp"],
    ]);
    expect(fileLines()).to.have.length(2);
    expect(warnings.filter((warning) => warning.includes("disabled"))).to.have.length(1);
  });

  it("a server that would answer only long after complete()'s deadline does not hold it: complete() settles first, its records go to the dead letter", async () => {
    // It would accept every message, 10 s after each request: if complete() waited for it, they would be delivered.
    const late = { delayMs: 10_000, then: { status: 201, body: { sid: "SM0", status: "queued" } } };
    twilio().script(late, late, late, late);
    const { log, deadLetters, fileLines } = alertLogger(dir(), [sink({ timeoutMs: 60_000 })]);
    for (let i = 0; i < 5; i++) log.error(`stuck ${i}`);
    await twilio().waitForRequests(1);
    const report = await log.complete({ timeoutMs: 300 });
    expect(twilio().requests.map((request) => request.respondedAt), "no answer had come when complete() settled").to.deep.equal(twilio().requests.map(() => undefined));
    expectReportAddsUp(report);
    expect(report.sinks.whatsapp.lastError).to.equal(STOPPED_AT_DEADLINE);
    expect(report.sinks.whatsapp).to.include({ accepted: 5, delivered: 0, failed: 5, deadLettered: 5 });
    expect(deadLetters().map((line) => line.dead_letter.reason)).to.deep.equal(Array(5).fill(STOPPED_AT_DEADLINE));
    expect(fileLines()).to.have.length(5);
    await waitUntil(async () => (await twilio().getConnections()) === 0);
  });

  it("never puts the auth token in errors, warnings, the dead letter or the report", async () => {
    const token = twilio().authToken;
    const basic = twilio().basicAuth();
    twilio().script(
      { status: 500, body: { code: 20500, message: `internal error for ${twilio().accountSid}:${token} (${basic})`, status: 500 } },
      { status: 401, body: { code: 20003, message: `Authenticate ${token}`, status: 401 } },
    );
    const { log, everything } = alertLogger(dir(), [sink({ maxRetries: 1 })]);
    log.error("secret check");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.whatsapp.failed).to.equal(1);
    const output = everything([report]);
    expect(output).not.to.include(token);
    expect(output).not.to.include(basic.slice("Basic ".length));
    expect(() => new WhatsAppSink({ accountSid: "AC1", authToken: token, fromNumber: FROM, toNumber: TO, apiBase: `not a url ${token}` }))
      .to.throw(/not a valid URL/)
      .and.satisfy((error: Error) => !error.message.includes(token));
  });
});
