import { expect } from "chai";
import { EmailSink } from "../../src/sinks/email.js";
import { FakeSmtp, headerFields, rawHeaders } from "../helpers/servers/index.js";
import { alertLogger, FAST, STOPPED_AT_DEADLINE } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";

const USER = "flowlog-user";
const PASSWORD = "smtp-Pa55word-very-secret";
const FROM = "flowlog@example.test";
const TO = "ops@example.test";

describe("EmailSink (against a loopback SMTP server)", () => {
  let smtp: FakeSmtp;
  afterEach(async () => {
    await smtp.close();
  });
  const dir = useTempDir("flowlog-email-");
  beforeEach(async () => {
    smtp = await FakeSmtp.start({ auth: { user: USER, pass: PASSWORD } });
  });
  const sink = (options: Partial<ConstructorParameters<typeof EmailSink>[0]> = {}) =>
    new EmailSink({
      smtpHost: "127.0.0.1",
      smtpPort: smtp.port,
      fromAddr: FROM,
      toAddrs: [TO],
      username: USER,
      password: PASSWORD,
      ...FAST,
      ...options,
    });

  it("a timeoutMs of 2^31 is clamped, not an instant timeout: the alert is delivered once, no timer overflows (issue 10)", async () => {
    const overflows: string[] = [];
    const onWarning = (warning: Error): void => void (warning.name === "TimeoutOverflowWarning" && overflows.push(warning.message));
    process.on("warning", onWarning);
    const { log, deadLetters } = alertLogger(dir(), [sink({ timeoutMs: 2 ** 31 })]);
    log.error("slow but fine");
    const report = await log.complete();
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    process.off("warning", onWarning);
    expect(overflows).to.deep.equal([]);
    expectReportAddsUp(report);
    expect(report.sinks.email).to.include({ accepted: 1, delivered: 1, failed: 0 });
    expect(smtp.messages).to.have.length(1);
    expect(deadLetters()).to.have.length(0);
  });

  it("delivers hostile and huge records in one digest: HTML escaped, text plain, no header injection", async () => {
    const { log } = alertLogger(dir(), [sink({ batchMs: 200 })]);
    const nested: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) nested[`key_${i}`] = { deep: { deeper: ["x".repeat(2000)] } };
    const hostile = '<b>x</b><a href="javascript:alert(1)">y</a> & <script>alert(1)</script>';
    log.critical("Injected\r\nBcc: attacker@evil\r\nX-Evil: 1");
    log.error(hostile);
    log.error("y".repeat(10_000), { extra: nested });
    for (let i = 0; i < 30; i++) log.error(`distinct ${i}`);
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.email).to.include({ accepted: 33, delivered: 33, failed: 0 });
    expect(smtp.messages).to.have.length(1);
    const [mail] = smtp.messages;
    expect(mail.user).to.equal(USER);
    expect(mail.envelope.mailFrom).to.equal(FROM);
    expect(mail.envelope.rcptTo).to.deep.equal([TO]);
    expect(smtp.recipients.map((recipient) => recipient.address)).to.deep.equal([TO]);
    const headers = rawHeaders(mail.raw);
    expect(headers.some((line) => /^(bcc|x-evil)\s*:/i.test(line)), headers.join("\n")).to.equal(false);
    const subjects = headerFields(mail.raw).filter((field) => field.name.toLowerCase() === "subject");
    expect(subjects).to.have.length(1);
    const subject = mail.parsed.subject ?? "";
    expect(subject).not.to.match(/[\r\n]/);
    expect(subject).to.match(/^\[CRITICAL\] alerts: Injected/);
    expect(subject).to.include("Bcc: attacker@evil");
    expect(mail.parsed.bcc).to.equal(undefined);
    const html = typeof mail.parsed.html === "string" ? mail.parsed.html : "";
    const text = mail.parsed.text ?? "";
    expect(html).not.to.include("<script>");
    expect(html).not.to.include("javascript:alert(1)\">");
    expect(html).not.to.include("<a ");
    expect(html).to.include("&lt;b&gt;x&lt;/b&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;y&lt;/a&gt; &amp; &lt;script&gt;");
    expect(text).to.include(hostile);
    for (let i = 0; i < 30; i++) expect(text.match(new RegExp(`distinct ${i}(?!\\d)`, "g")), `distinct ${i}`).to.have.length.at.least(1);
    expect(text).to.include("y".repeat(5000));
  });

  it("a batch becomes ONE digest mail", async () => {
    const { log } = alertLogger(dir(), [sink({ batchMs: 60_000 })]);
    for (let i = 0; i < 25; i++) log.error(`alert ${i}`);
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.email).to.include({ accepted: 25, delivered: 25, failed: 0 });
    expect(smtp.messages).to.have.length(1);
    expect(smtp.messages[0].parsed.subject).to.equal("[ERROR] alerts: alert 0 (+24 more)");
    for (let i = 0; i < 25; i++) expect(smtp.messages[0].parsed.text).to.match(new RegExp(`alert ${i}(?!\\d)`));
  });

  it("retries a temporary (4xx) refusal until it is accepted", async () => {
    let refusals = 0;
    smtp.rejectRecipientsCode = 451;
    smtp.rejectRecipients = () => refusals++ < 2;
    const { log } = alertLogger(dir(), [sink()]);
    log.error("retried");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(smtp.recipients.map((recipient) => recipient.rejected)).to.deep.equal([true, true, false]);
    expect(report.sinks.email).to.include({ delivered: 1, failed: 0 });
    expect(smtp.messages).to.have.length(1);
  });

  it("does not retry a permanent SMTP 5xx (554 after DATA): one attempt, dead-lettered", async () => {
    smtp.rejectData = true;
    const { log, deadLetters } = alertLogger(dir(), [sink()]);
    log.error("refused");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(smtp.recipients).to.have.length(1);
    expect(smtp.messages).to.have.length(0);
    expect(report.sinks.email).to.include({ accepted: 1, delivered: 0, failed: 1, deadLettered: 1 });
    expect(report.sinks.email.lastError).to.match(/554/);
    expect(deadLetters().map((line) => line.msg)).to.deep.equal(["refused"]);
  });

  it("does not retry a refused login (535): one attempt, dead-lettered, and the sink stops sending", async () => {
    const { log, deadLetters, fileLines, warnings } = alertLogger(dir(), [sink({ password: "wrong-password-value", batchMs: 5 })]);
    log.error("bad password");
    await waitUntil(() => smtp.authAttempts.length >= 1);
    log.critical("after disabling");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(smtp.authAttempts).to.deep.equal([{ username: USER, ok: false }]);
    expect(report.sinks.email).to.include({ accepted: 2, delivered: 0, failed: 2, deadLettered: 2 });
    expect(report.sinks.email.lastError).to.match(/535/);
    expect(deadLetters().map((line) => [line.msg, line.dead_letter.sink])).to.deep.equal([
      ["bad password", "email"],
      ["after disabling", "email"],
    ]);
    expect(fileLines()).to.have.length(2);
    expect(warnings.filter((warning) => warning.includes("disabled"))).to.have.length(1);
  });

  it("a server that never greets does not hold complete() past its deadline; its records go to the dead letter", async () => {
    await smtp.close();
    smtp = await FakeSmtp.start({ hangGreeting: true });
    const { log, deadLetters, fileLines } = alertLogger(dir(), [sink({ timeoutMs: 60_000 })]);
    for (let i = 0; i < 5; i++) log.error(`stuck ${i}`);
    await waitUntil(() => smtp.connectionCount >= 1);
    // Its own greeting timeout is a minute away: only complete()'s deadline can end these records now.
    const report = await log.complete({ timeoutMs: 300 });
    expectReportAddsUp(report);
    expect(report.sinks.email.lastError).to.equal(STOPPED_AT_DEADLINE);
    expect(report.sinks.email).to.include({ accepted: 5, delivered: 0, failed: 5, deadLettered: 5 });
    expect(deadLetters().map((line) => line.dead_letter.reason)).to.deep.equal(Array(5).fill(STOPPED_AT_DEADLINE));
    expect(fileLines()).to.have.length(5);
    await waitUntil(async () => (await smtp.getConnections()) === 0);
  });

  it("never puts the SMTP password in errors, warnings, the dead letter or the report", async () => {
    const { log, everything } = alertLogger(dir(), [
      sink({ password: `${PASSWORD}-wrong` }),
    ]);
    log.error("secret check");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.email.failed).to.equal(1);
    expect(everything([report])).not.to.include(PASSWORD);
  });

  it("never puts the SMTP password in the report when the server cannot be reached", async () => {
    const port = smtp.port;
    await smtp.close();
    const { log, everything } = alertLogger(dir(), [sink({ smtpPort: port, maxRetries: 1 })]);
    log.error("unreachable");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.email).to.include({ failed: 1, deadLettered: 1 });
    expect(everything([report])).not.to.include(PASSWORD);
  });
});
