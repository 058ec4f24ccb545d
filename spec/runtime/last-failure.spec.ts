// The report's lastFailure: the last failure of a sink as data (code, statusCode, attempts, at)
// next to its text, against real parts: loopback HTTP emulators, a refused port, smtp-server,
// real files. The text stays lastError, unchanged; lastFailure.message is that same text.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { DiscordSink, EmailSink, FileSink, TelegramSink, WriteSink, type SinkReport } from "../../src/index.js";
import { DEFAULT_CHAT_ID, FakeDiscord, FakeSmtp, FakeTelegram } from "../helpers/servers/index.js";
import { alertLogger, FAST, STOPPED_AT_DEADLINE } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { refusedPort } from "../helpers/refused-port.js";
import { useServer } from "../helpers/per-test.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";

/** The report's failure text and its data agree, and `at` is an ISO time within the test's run. */
function expectFailureOf(report: SinkReport, since: number) {
  expect(report.lastError, "lastError").to.be.a("string");
  const failure = report.lastFailure;
  expect(failure, "lastFailure").to.not.equal(undefined);
  expect(failure!.message).to.equal(report.lastError);
  expect(Date.parse(failure!.at)).to.be.within(since, Date.now());
  expect(new Date(failure!.at).toISOString()).to.equal(failure!.at);
  return failure!;
}

describe("SinkReport.lastFailure (structured failures next to lastError)", () => {
  const dir = useTempDir("flowlog-last-failure-");
  let since: number;
  beforeEach(() => {
    since = Date.now();
  });

  describe("HTTP sinks against loopback emulators", () => {
    const discord = useServer(() => FakeDiscord.start());
    const telegram = useServer(() => FakeTelegram.start());

    it("a Discord 400: statusCode 400, one attempt, no code, and no webhook token anywhere in the report", async () => {
      discord().script({ status: 400, body: { message: "Invalid Form Body", code: 50035 } });
      const { log } = alertLogger(dir(), [new DiscordSink({ webhookUrl: discord().webhookUrl(), ...FAST })]);
      log.error("refused body");
      const report = await log.complete();
      expectReportAddsUp(report);
      const failure = expectFailureOf(report.sinks.discord, since);
      expect(failure).to.deep.include({ statusCode: 400, attempts: 1 });
      expect(failure).to.not.have.property("code");
      expect(failure.message).to.equal("HTTP 400: Invalid Form Body (code 50035)");
      expect(JSON.stringify(report)).to.not.include(discord().webhookToken);
    });

    it("a Telegram 500 on every attempt: statusCode 500 and attempts 1 + maxRetries; the bot token is nowhere", async () => {
      telegram().script(...Array.from({ length: 3 }, () => ({ status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } })));
      const sink = new TelegramSink({ botToken: telegram().token, chatId: DEFAULT_CHAT_ID, apiBase: telegram().apiBase, ...FAST, maxRetries: 2 });
      const { log } = alertLogger(dir(), [sink]);
      log.error("server down");
      const report = await log.complete();
      expect(telegram().requests.map((request) => request.status)).to.deep.equal([500, 500, 500]);
      const failure = expectFailureOf(report.sinks.telegram, since);
      expect(failure).to.deep.include({ statusCode: 500, attempts: 3 });
      expect(failure).to.not.have.property("code");
      expect(JSON.stringify(report)).to.not.include(telegram().token);
    });

    it("a Discord 429 beyond the rate-limit waits: statusCode 429, and every attempt counted (first try plus 10 waits)", async () => {
      discord().rateLimit({ retryAfterSec: 0.01, count: 11 });
      const { log } = alertLogger(dir(), [new DiscordSink({ webhookUrl: discord().webhookUrl(), ...FAST })]);
      log.error("throttled");
      const report = await log.complete();
      expect(discord().requests.map((request) => request.status)).to.deep.equal(Array(11).fill(429));
      const failure = expectFailureOf(report.sinks.discord, since);
      expect(failure).to.deep.include({ statusCode: 429, attempts: 11 });
      expect(failure.message).to.include("still rate limited");
    });

    it("a refused connection: code ECONNREFUSED, attempts 1 + maxRetries, no statusCode, no token", async () => {
      const port = await refusedPort();
      const token = "refused-webhook-token_abcDEF123";
      const { log } = alertLogger(dir(), [new DiscordSink({ webhookUrl: `http://127.0.0.1:${port}/api/webhooks/1/${token}`, ...FAST, maxRetries: 1 })]);
      log.error("nobody listens");
      const report = await log.complete();
      const failure = expectFailureOf(report.sinks.discord, since);
      expect(failure).to.deep.include({ code: "ECONNREFUSED", attempts: 2 });
      expect(failure).to.not.have.property("statusCode");
      expect(JSON.stringify(report)).to.not.include(token);
    });
  });

  describe("SMTP against smtp-server", () => {
    const USER = "flowlog-user";
    const PASSWORD = "smtp-Pa55word-very-secret";
    const WRONG = "wrong-password-value";
    const smtp = useServer(() => FakeSmtp.start({ auth: { user: USER, pass: PASSWORD } }));

    it("a refused login: nodemailer's code EAUTH, the reply code 535 as statusCode, one attempt, no password", async () => {
      const sink = new EmailSink({
        smtpHost: "127.0.0.1",
        smtpPort: smtp().port,
        fromAddr: "flowlog@example.test",
        toAddrs: ["ops@example.test"],
        username: USER,
        password: WRONG,
        ...FAST,
      });
      const { log } = alertLogger(dir(), [sink]);
      log.error("bad password");
      const report = await log.complete();
      expect(smtp().authAttempts).to.deep.equal([{ username: USER, ok: false }]);
      const failure = expectFailureOf(report.sinks.email, since);
      expect(failure).to.deep.include({ code: "EAUTH", statusCode: 535, attempts: 1 });
      expect(JSON.stringify(report)).to.not.include(WRONG);
    });
  });

  describe("timeouts: code ETIMEDOUT, whoever's timer cut the work", () => {
    const discord = useServer(() => FakeDiscord.start());

    it("an HTTP attempt past timeoutMs against a server that never answers: code ETIMEDOUT, no statusCode, the socket closed", async () => {
      discord().script({ hang: true });
      const { log } = alertLogger(dir(), [new DiscordSink({ webhookUrl: discord().webhookUrl(), ...FAST, timeoutMs: 100, maxRetries: 0 })]);
      log.error("nobody answers");
      const report = await log.complete();
      expectReportAddsUp(report);
      const failure = expectFailureOf(report.sinks.discord, since);
      expect(failure).to.deep.include({ code: "ETIMEDOUT", attempts: 1 });
      expect(failure).to.not.have.property("statusCode");
      expect(failure.message).to.include("no complete response within 100 ms");
      // The client gave up on the request: it was the timeout, not the server, that ended it.
      await waitUntil(() => discord().requests[0]?.closedAt !== undefined);
    });

    it("records still in flight when complete()'s deadline passes: code ETIMEDOUT, the deadline's text", async () => {
      discord().script({ hang: true });
      const { log } = alertLogger(dir(), [new DiscordSink({ webhookUrl: discord().webhookUrl(), ...FAST, timeoutMs: 60_000 })]);
      log.error("stuck");
      await waitUntil(() => discord().requests.length === 1);
      // The attempt's own timeout is a minute away: only complete()'s deadline can end it now.
      const report = await log.complete({ timeoutMs: 200 });
      expectReportAddsUp(report);
      expect(report.sinks.discord).to.include({ failed: 1, deadLettered: 1 });
      const failure = expectFailureOf(report.sinks.discord, since);
      expect(failure).to.deep.include({ message: STOPPED_AT_DEADLINE, code: "ETIMEDOUT" });
      expect(failure).to.not.have.property("statusCode");
    });

    it("a user sink's write past its timeoutMs: code ETIMEDOUT", async () => {
      const { log } = quietLogger("last-failure", dir());
      log.addSink(new WriteSink(() => new Promise<void>(() => {}), { name: "stuck", timeoutMs: 50, batchMs: 5 }));
      log.info("record");
      const report = await log.complete();
      expectReportAddsUp(report);
      const failure = expectFailureOf(report.sinks.stuck, since);
      expect(failure).to.deep.equal({ message: "timeout after 50 ms", code: "ETIMEDOUT", at: failure.at });
    });

    it("an SMTP server that never greets: nodemailer's own timeout code ETIMEDOUT, kept as data", async () => {
      const silent = await FakeSmtp.start({ hangGreeting: true });
      try {
        const sink = new EmailSink({ smtpHost: "127.0.0.1", smtpPort: silent.port, fromAddr: "flowlog@example.test", toAddrs: ["ops@example.test"], ...FAST, timeoutMs: 100, maxRetries: 0 });
        const { log } = alertLogger(dir(), [sink]);
        log.error("no greeting");
        const report = await log.complete();
        expectReportAddsUp(report);
        const failure = expectFailureOf(report.sinks.email, since);
        expect(failure).to.deep.include({ code: "ETIMEDOUT", attempts: 1 });
        expect(failure).to.not.have.property("statusCode");
      } finally {
        await silent.close();
      }
    });
  });

  describe("file sinks", () => {
    it("a path that is a directory: code EISDIR; lastError unchanged (it names the code and the path)", async () => {
      const badPath = path.join(dir(), "a-directory");
      fs.mkdirSync(badPath);
      const { log } = quietLogger("last-failure", dir());
      log.addSink(new FileSink(badPath, { name: "denied", batchMs: 5 }));
      log.info("record");
      const report = await log.complete();
      const failure = expectFailureOf(report.sinks.denied, since);
      expect(failure.code).to.equal("EISDIR");
      expect(report.sinks.denied.lastError).to.include("EISDIR").and.to.include(badPath);
      expect(failure).to.not.have.property("statusCode");
    });

    it("a parent that is a regular file: code ENOTDIR", async () => {
      const parent = path.join(dir(), "a-file");
      fs.writeFileSync(parent, "not a directory\n");
      const { log } = quietLogger("last-failure", dir());
      log.addSink(new FileSink(path.join(parent, "app.log"), { name: "denied", batchMs: 5 }));
      log.info("record");
      const report = await log.complete();
      expect(expectFailureOf(report.sinks.denied, since).code).to.equal("ENOTDIR");
    });
  });

  it("a sink that never failed has neither lastError nor lastFailure", async () => {
    const { log } = quietLogger("last-failure", dir());
    log.addSink(new FileSink(path.join(dir(), "ok.log"), { name: "fine", batchMs: 5 }));
    log.info("record");
    const report = await log.complete();
    expect(report.sinks.fine).to.not.have.property("lastError");
    expect(report.sinks.fine).to.not.have.property("lastFailure");
  });
});
