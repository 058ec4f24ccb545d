import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";
import { FakeSmtp, headerFields, rawHeaders } from "../helpers/servers/index.js";
import { waitUntil } from "../helpers/wait-until.js";

type SmtpError = Error & { code?: string; responseCode?: number; rejected?: string[] };

describe("FakeSmtp (smtp-server + mailparser)", () => {
  let smtp: FakeSmtp;
  const transports: Array<{ close(): void }> = [];
  const AUTH = { user: "alerts", pass: "s3cret-pass" };

  function transport(overrides: Record<string, unknown> = {}) {
    const t = nodemailer.createTransport({
      ...smtp.transportOptions(),
      connectionTimeout: 2000,
      greetingTimeout: 2000,
      socketTimeout: 2000,
      ...overrides,
    } as Parameters<typeof nodemailer.createTransport>[0] & object);
    transports.push(t);
    return t;
  }

  afterEach(async () => {
    for (const t of transports.splice(0)) t.close();
    await smtp?.close();
  });

  it("receives a text + HTML mail over AUTH; parsed subject, text, html and envelope match", async () => {
    smtp = await FakeSmtp.start({ auth: AUTH });
    assert.equal(smtp.host, "127.0.0.1");
    assert.equal(smtp.url, `smtp://127.0.0.1:${smtp.port}`);
    const info = await transport().sendMail({
      from: "flowlog <alerts@example.test>",
      to: "ops@example.test, oncall@example.test",
      subject: "[ERROR] app.db: connection refused",
      text: "connection refused\nhost=db1",
      html: "<p>connection refused &lt;img src=x onerror=alert(1)&gt;</p>",
    });
    assert.deepEqual(info.accepted, ["ops@example.test", "oncall@example.test"]);
    const [mail] = await smtp.waitForMessages(1, 2000);
    assert.equal(mail.parsed.subject, "[ERROR] app.db: connection refused");
    assert.equal(mail.parsed.text, "connection refused\nhost=db1");
    assert.equal(mail.parsed.html, "<p>connection refused &lt;img src=x onerror=alert(1)&gt;</p>");
    assert.deepEqual(mail.envelope, { mailFrom: "alerts@example.test", rcptTo: ["ops@example.test", "oncall@example.test"] });
    assert.equal(mail.user, "alerts");
    assert.equal(mail.secure, false);
    const contentType = headerFields(mail.raw).find((f) => f.name.toLowerCase() === "content-type");
    assert.match(contentType!.value, /^multipart\/alternative;/);
    assert.deepEqual(smtp.authAttempts, [{ username: "alerts", ok: true }]);
  });

  it("a wrong password gets 535 (EAUTH) and no message", async () => {
    smtp = await FakeSmtp.start({ auth: AUTH });
    await assert.rejects(
      transport({ auth: { user: "alerts", pass: "wrong" } }).sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t" }),
      (err: SmtpError) => {
        assert.equal(err.code, "EAUTH");
        assert.equal(err.responseCode, 535);
        return true;
      },
    );
    assert.deepEqual(smtp.authAttempts, [{ username: "alerts", ok: false }]);
    assert.equal(smtp.messages.length, 0);
  });

  it("with auth configured, a client that does not authenticate gets 530", async () => {
    smtp = await FakeSmtp.start({ auth: AUTH });
    const { auth: _unused, ...noAuth } = smtp.transportOptions();
    const t = nodemailer.createTransport({ ...noAuth, greetingTimeout: 2000 });
    transports.push(t);
    await assert.rejects(t.sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t" }), (err: SmtpError) => {
      assert.equal(err.responseCode, 530);
      return true;
    });
  });

  it("without auth configured, mail is accepted without AUTH", async () => {
    smtp = await FakeSmtp.start();
    await transport().sendMail({ from: "a@x.test", to: "b@x.test", subject: "plain", text: "t" });
    assert.equal(smtp.messages[0].parsed.subject, "plain");
    assert.equal(smtp.messages[0].user, undefined);
  });

  it("rejectRecipients: RCPT gets 550 (EENVELOPE) and nothing is delivered", async () => {
    smtp = await FakeSmtp.start({ rejectRecipients: true });
    await assert.rejects(transport().sendMail({ from: "a@x.test", to: "ops@x.test", subject: "s", text: "t" }), (err: SmtpError) => {
      assert.equal(err.code, "EENVELOPE");
      assert.equal(err.responseCode, 550);
      assert.deepEqual(err.rejected, ["ops@x.test"]);
      return true;
    });
    assert.deepEqual(smtp.recipients, [{ address: "ops@x.test", rejected: true }]);
    assert.equal(smtp.messages.length, 0);
  });

  it("rejectRecipients as a list with 450: only that recipient is refused, temporarily", async () => {
    smtp = await FakeSmtp.start({ rejectRecipients: ["gone@x.test"], rejectRecipientsCode: 450 });
    const info = await transport().sendMail({ from: "a@x.test", to: "ok@x.test, gone@x.test", subject: "s", text: "t" });
    assert.deepEqual(info.accepted, ["ok@x.test"]);
    assert.deepEqual(info.rejected, ["gone@x.test"]);
    assert.match(String((info.rejectedErrors as SmtpError[] | undefined)?.[0]?.responseCode), /^450$/);
    assert.deepEqual(smtp.messages[0].envelope.rcptTo, ["ok@x.test"]);
    // the mode can change while running
    smtp.rejectRecipients = false;
    await transport().sendMail({ from: "a@x.test", to: "gone@x.test", subject: "s2", text: "t" });
    assert.equal(smtp.messages.length, 2);
  });

  it("rejectData: the message gets 554 after DATA and is not stored", async () => {
    smtp = await FakeSmtp.start({ rejectData: true });
    await assert.rejects(transport().sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t" }), (err: SmtpError) => {
      assert.equal(err.code, "EMESSAGE");
      assert.equal(err.responseCode, 554);
      return true;
    });
    assert.equal(smtp.messages.length, 0);
  });

  it("hangGreeting: never sends 220; the client's greeting timeout ends it; close() leaves 0 connections", async () => {
    smtp = await FakeSmtp.start({ hangGreeting: true });
    const start = performance.now();
    await assert.rejects(
      transport({ greetingTimeout: 300 }).sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t" }),
      (err: SmtpError) => {
        assert.equal(err.code, "ETIMEDOUT");
        assert.match(err.message, /Greeting never received/);
        return true;
      },
    );
    const elapsed = performance.now() - start;
    // The greeting timeout, not a refusal (a few ms); room for a timer started from libuv's
    // cached loop time, which on a busy machine fires some ms "early" against performance.now().
    assert.ok(elapsed >= 250, `failed after ${elapsed} ms`);
    assert.equal(smtp.connectionCount, 1);
    await smtp.close();
    assert.equal(await smtp.getConnections(), 0);
  });

  it("close() destroys a connection that is still waiting for the greeting", async () => {
    smtp = await FakeSmtp.start({ hangGreeting: true });
    const sending = transport({ greetingTimeout: 10_000 }).sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t" });
    const outcome = sending.then(
      () => "sent",
      (err: SmtpError) => err.code,
    );
    await waitUntil(() => smtp.connectionCount > 0);
    assert.equal(await smtp.getConnections(), 1);
    await smtp.close();
    assert.match(String(await outcome), /^(ECONNECTION|ESOCKET|ETIMEDOUT)$/);
    assert.equal(await smtp.getConnections(), 0);
  });

  it("dropDuringData: the connection is cut mid-DATA (a transient error for the client)", async () => {
    smtp = await FakeSmtp.start({ dropDuringData: true });
    await assert.rejects(transport().sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t".repeat(10_000) }), (err: SmtpError) => {
      assert.match(String(err.code), /^(ECONNECTION|ESOCKET)$/);
      return true;
    });
    assert.equal(smtp.messages.length, 0);
  });

  it("size: a message over the limit gets 552", async () => {
    smtp = await FakeSmtp.start({ size: 1024 });
    await assert.rejects(transport().sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "x".repeat(5000) }), (err: SmtpError) => {
      assert.equal(err.responseCode, 552);
      return true;
    });
    await transport().sendMail({ from: "a@x.test", to: "b@x.test", subject: "small", text: "x" });
    assert.equal(smtp.messages.length, 1);
  });

  it("dataDelayMs: an AbortSignal ends a slow send before the server answers", async () => {
    // The server would accept the message 3 s after DATA: a send that waited for it would succeed.
    smtp = await FakeSmtp.start({ dataDelayMs: 3000 });
    await assert.rejects(
      transport().sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t", signal: AbortSignal.timeout(200) }),
      (err: Error) => /abort/i.test(`${err.name} ${err.message} ${(err as SmtpError).code}`),
    );
    assert.equal(smtp.messages.length, 0);
  });

  it("secure: implicit TLS with the self-signed test certificate; a verifying client refuses it", async () => {
    smtp = await FakeSmtp.start({ secure: true, auth: AUTH });
    assert.equal(smtp.url, `smtps://127.0.0.1:${smtp.port}`);
    await transport().sendMail({ from: "a@x.test", to: "b@x.test", subject: "tls", text: "t" });
    assert.equal(smtp.messages[0].secure, true);
    await assert.rejects(
      transport({ tls: { rejectUnauthorized: true } }).sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t" }),
      (err: SmtpError) => {
        assert.match(String(err.code), /^(ETLS|ESOCKET)$/);
        return true;
      },
    );
    assert.equal(smtp.messages.length, 1);
  });

  it("starttls: requireTLS upgrades; without STARTTLS offered, requireTLS fails", async () => {
    smtp = await FakeSmtp.start({ starttls: true, auth: AUTH });
    await transport({ requireTLS: true, ignoreTLS: false }).sendMail({ from: "a@x.test", to: "b@x.test", subject: "up", text: "t" });
    assert.equal(smtp.messages[0].secure, true);
    await smtp.close();
    smtp = await FakeSmtp.start({ auth: AUTH });
    await assert.rejects(
      transport({ requireTLS: true, ignoreTLS: false }).sendMail({ from: "a@x.test", to: "b@x.test", subject: "s", text: "t" }),
      (err: SmtpError) => {
        assert.match(String(err.code), /^(ETLS|EREQUIRETLS)$/);
        return true;
      },
    );
    assert.equal(smtp.messages.length, 0);
  });

  it("rawHeaders shows the header block; a CR/LF subject does not create a header, a raw injected one is visible", async () => {
    smtp = await FakeSmtp.start();
    await transport().sendMail({ from: "a@x.test", to: "b@x.test", subject: "a\r\nBcc: attacker@evil.test", text: "t" });
    const [clean] = await smtp.waitForMessages(1);
    const lines = rawHeaders(clean.raw);
    assert.ok(lines.length > 3);
    assert.ok(lines.some((l) => l.startsWith("Subject:")));
    assert.equal(lines.filter((l) => /^bcc:/i.test(l)).length, 0);
    assert.equal(headerFields(clean.raw).filter((f) => f.name.toLowerCase() === "subject").length, 1);
    assert.deepEqual(clean.envelope.rcptTo, ["b@x.test"]);

    // The helper does see an injected header when one is really there.
    await transport().sendMail({
      envelope: { from: "a@x.test", to: ["b@x.test"] },
      raw: "From: a@x.test\r\nTo: b@x.test\r\nSubject: a\r\nBcc: attacker@evil.test\r\n\r\nbody\r\n",
    });
    const [, injected] = await smtp.waitForMessages(2);
    assert.deepEqual(rawHeaders(injected.raw), ["From: a@x.test", "To: b@x.test", "Subject: a", "Bcc: attacker@evil.test"]);
  });

  it("waitForMessages rejects on timeout with the count so far", async () => {
    smtp = await FakeSmtp.start();
    await assert.rejects(smtp.waitForMessages(1, 100), /timed out after 100 ms waiting for 1 SMTP messages; got 0/);
  });
});
