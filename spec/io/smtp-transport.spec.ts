import { expect } from "chai";
import { simpleParser, type ParsedMail } from "mailparser";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { MissingPeerError } from "../../src/core/errors.js";
import type { AttemptOutcome } from "../../src/core/attempt-outcome.js";
import { SecretScrubber } from "../../src/io/scrub.js";
import { waitUntil } from "../helpers/wait-until.js";
import {
  createSmtpSender,
  loadNodemailer,
  type NodemailerModule,
  type SmtpMail,
  type SmtpSender,
} from "../../src/io/smtp-transport.js";

const PASSWORD = "hunter2-very-secret";
const MAIL: SmtpMail = {
  from: "flowlog@example.test",
  to: ["ops@example.test"],
  subject: "[ERROR] app: disk full",
  text: "disk full on /var",
  html: "<p>disk full on /var</p>",
};

interface SmtpTestServer {
  port: number;
  received: { mail: ParsedMail; rcpt: string[] }[];
  open: () => number;
  close: () => Promise<void>;
}

/** smtp-server on 127.0.0.1:0, STARTTLS disabled (clear-text AUTH allowed), user "u" / PASSWORD. */
async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<SmtpTestServer> {
  const received: SmtpTestServer["received"] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      if (auth.username === "u" && auth.password === PASSWORD) return callback(null, { user: "u" });
      // Echo the password back, as a careless server might: it must not reach the outcome.
      callback(new Error(`Invalid login for u with ${String(auth.password)}`));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith("@reject.test")) return callback(Object.assign(new Error("No such user"), { responseCode: 550 }));
      if (address.address.endsWith("@busy.test")) return callback(Object.assign(new Error("Mailbox busy"), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ mail, rcpt: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    open: () => (server as unknown as { connections: Set<unknown> }).connections.size,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP server that accepts connections and never says a word (no SMTP greeting). */
async function startSilent(): Promise<{ port: number; open: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    open: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("smtp transport", () => {
  describe("loadNodemailer", () => {
    it("imports the installed package", async () => {
      const nodemailer = await loadNodemailer();
      expect(nodemailer.createTransport).to.be.a("function");
    });

    it("turns a missing package into MissingPeerError naming `npm install nodemailer`", async () => {
      const missing = () =>
        Promise.reject(
          Object.assign(new Error("Cannot find package 'nodemailer' imported from /app/node_modules/flowlog/dist/io/smtp-transport.js"), {
            code: "ERR_MODULE_NOT_FOUND",
          }),
        );
      let caught: unknown;
      try {
        await loadNodemailer(missing);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(MissingPeerError);
      expect((caught as MissingPeerError).code).to.equal("FLOWLOG_MISSING_PEER");
      expect((caught as Error).message).to.equal('the email sink needs the optional package "nodemailer": run `npm install nodemailer`');
    });

    it("rethrows other import failures as they are (a package missing inside nodemailer)", async () => {
      const inner = Object.assign(new Error("Cannot find package 'punycode.js' imported from /x/nodemailer/dist/esm/index.js"), {
        code: "ERR_MODULE_NOT_FOUND",
      });
      let caught: unknown;
      try {
        await loadNodemailer(() => Promise.reject(inner));
      } catch (err) {
        caught = err;
      }
      expect(caught).to.equal(inner);
    });

    it("accepts a default export, and refuses a module without createTransport", async () => {
      const createTransport = () => ({ sendMail: async () => ({}), close: () => {} });
      expect((await loadNodemailer(async () => ({ default: { createTransport } }))).createTransport).to.equal(createTransport);
      let caught: unknown;
      try {
        await loadNodemailer(async () => ({}));
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(MissingPeerError);
    });
  });

  describe("createSmtpSender options", () => {
    it("bounds every nodemailer timeout by timeoutMs, pools 2 connections, keeps TLS verification on", async () => {
      let seen: Record<string, unknown> = {};
      const fake: NodemailerModule = {
        createTransport(options) {
          seen = options;
          return { sendMail: async () => ({}), close: () => {} };
        },
      };
      createSmtpSender({ host: "mail.test", port: 587, secure: false, username: "u", password: PASSWORD, timeoutMs: 1000 }, new SecretScrubber([]), fake);
      expect(seen).to.deep.include({
        pool: true,
        maxConnections: 2,
        host: "mail.test",
        port: 587,
        secure: false,
        requireTLS: false,
        ignoreTLS: false,
        opportunisticTLS: false,
        logger: false,
        debug: false,
        auth: { user: "u", pass: PASSWORD },
      });
      for (const key of ["connectionTimeout", "greetingTimeout", "socketTimeout", "dnsTimeout"]) {
        expect(seen[key], key).to.be.a("number").and.at.most(1000).and.above(0);
      }
      expect(seen.tls).to.deep.equal({ rejectUnauthorized: true });
    });

    it("passes the abort signal to sendMail and cuts a send at deadlineMs, with code ETIMEDOUT", async () => {
      let signal: AbortSignal | undefined;
      const fake: NodemailerModule = {
        createTransport: () => ({
          sendMail: (mail) =>
            new Promise((_resolve, reject) => {
              signal = mail.signal as AbortSignal;
              signal.addEventListener("abort", () => reject(Object.assign(new Error("Message sending aborted"), { code: "EABORT" })));
            }),
          close: () => {},
        }),
      };
      const sender = createSmtpSender({ host: "mail.test", port: 25, secure: false, timeoutMs: 100, deadlineMs: 150 }, new SecretScrubber([]), fake);
      const outcome = await sender.send(MAIL);
      expect(signal?.aborted).to.equal(true);
      expect(outcome).to.deep.equal({ kind: "retry", error: "SMTP mail.test:25: ETIMEDOUT: no complete exchange within 150 ms", code: "ETIMEDOUT" });
    });
  });

  describe("against smtp-server", () => {
    let server: SmtpTestServer | undefined;
    let sender: SmtpSender | undefined;
    afterEach(async () => {
      sender?.close({ force: true });
      sender = undefined;
      await server?.close();
      server = undefined;
    });

    const scrubber = new SecretScrubber([]);
    const connect = (port: number, extra: { username?: string; password?: string; timeoutMs?: number } = {}) =>
      createSmtpSender({ host: "127.0.0.1", port, secure: false, timeoutMs: 1000, ...extra }, scrubber);

    it("delivers text and HTML parts to every recipient", async () => {
      server = await startSmtp();
      sender = connect(server.port, { username: "u", password: PASSWORD });
      const outcome = await sender.send({ ...MAIL, to: ["a@example.test", "b@example.test"] });
      expect(outcome).to.deep.equal({ kind: "ok" });
      expect(server.received).to.have.length(1);
      const { mail, rcpt } = server.received[0];
      expect(rcpt).to.deep.equal(["a@example.test", "b@example.test"]);
      expect(mail.subject).to.equal(MAIL.subject);
      expect(mail.text?.trim()).to.equal(MAIL.text);
      expect(mail.html).to.equal(MAIL.html);
    });

    it("reuses pooled connections and close() ends them", async () => {
      server = await startSmtp();
      sender = connect(server.port);
      const outcomes = await Promise.all([1, 2, 3, 4].map((i) => sender!.send({ ...MAIL, subject: `n${i}` })));
      expect(outcomes).to.deep.equal(Array(4).fill({ kind: "ok" }));
      expect(server.received.map((r) => r.mail.subject).sort()).to.deep.equal(["n1", "n2", "n3", "n4"]);
      expect(server.open()).to.be.within(1, 2);
      sender.close();
      await waitUntil(() => server!.open() === 0);
      expect(await sender.send(MAIL)).to.deep.equal({ kind: "permanent", error: "SMTP sender closed" });
    });

    it("a wrong password -> permanent, disableSink, and the password never appears", async () => {
      server = await startSmtp();
      sender = connect(server.port, { username: "u", password: `${PASSWORD}-wrong` });
      const outcome = await sender.send(MAIL);
      expect(outcome.kind).to.equal("permanent");
      expect(outcome).to.have.property("disableSink", true);
      const error = (outcome as { error: string }).error;
      expect(error).to.include("535");
      expect(error).to.include("***");
      expect(error).to.not.include(PASSWORD);
      expect(server.received).to.have.length(0);
    });

    it("550 on RCPT -> permanent (not retried, sink kept)", async () => {
      server = await startSmtp();
      sender = connect(server.port);
      const outcome = await sender.send({ ...MAIL, to: ["nobody@reject.test"] });
      expect(outcome.kind).to.equal("permanent");
      expect(outcome).to.not.have.property("disableSink");
      expect((outcome as { error: string }).error).to.include("550");
    });

    it("450 on RCPT -> retry", async () => {
      server = await startSmtp();
      sender = connect(server.port);
      const outcome = await sender.send({ ...MAIL, to: ["later@busy.test"] });
      expect(outcome.kind).to.equal("retry");
      expect((outcome as { error: string }).error).to.include("450");
    });
  });

  describe("failures without an SMTP server", () => {
    let silent: Awaited<ReturnType<typeof startSilent>> | undefined;
    let sender: SmtpSender | undefined;
    afterEach(async () => {
      sender?.close({ force: true });
      sender = undefined;
      await silent?.close();
      silent = undefined;
    });

    it("a server that never greets -> a retry outcome within timeoutMs", async () => {
      silent = await startSilent();
      sender = createSmtpSender({ host: "127.0.0.1", port: silent.port, secure: false, timeoutMs: 300 }, new SecretScrubber([]));
      const start = Date.now();
      const outcome = await sender.send(MAIL);
      const elapsed = Date.now() - start;
      expect(outcome.kind).to.equal("retry");
      expect((outcome as { error: string }).error).to.match(/ETIMEDOUT|Greeting never received/);
      // nodemailer's own greeting timeout: its code, kept as data.
      expect(outcome).to.have.property("code", "ETIMEDOUT");
      expect(elapsed).to.be.at.least(250);
      await waitUntil(() => silent!.open() === 0);
    });

    it("abort closes the connection delivering the mail and settles at once", async () => {
      silent = await startSilent();
      sender = createSmtpSender({ host: "127.0.0.1", port: silent.port, secure: false, timeoutMs: 10_000 }, new SecretScrubber([]));
      const controller = new AbortController();
      const pending = sender.send(MAIL, controller.signal);
      await waitUntil(() => silent!.open() === 1);
      controller.abort(new Error("hard stop"));
      const outcome: AttemptOutcome = await pending;
      // Settled by the abort, not by the 10 s deadline (that would say ETIMEDOUT): no clock needed.
      expect(outcome.kind).to.equal("retry");
      expect((outcome as { error: string }).error).to.include("aborted").and.not.include("ETIMEDOUT");
      await waitUntil(() => silent!.open() === 0);
    });

    it("a connection dropped during DATA -> retry, and nodemailer does not resend on its own", async () => {
      const sockets = new Set<net.Socket>();
      let dataCommands = 0;
      const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => {});
        socket.write("220 fake ESMTP\r\n");
        let buffer = "";
        socket.on("data", (chunk: Buffer) => {
          buffer += chunk.toString("latin1");
          let end: number;
          while ((end = buffer.indexOf("\r\n")) !== -1) {
            const line = buffer.slice(0, end).toUpperCase();
            buffer = buffer.slice(end + 2);
            if (line.startsWith("EHLO")) socket.write("250-fake\r\n250 8BITMIME\r\n");
            else if (line.startsWith("DATA")) {
              dataCommands++;
              socket.destroy();
              return;
            } else socket.write("250 OK\r\n");
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        sender = createSmtpSender({ host: "127.0.0.1", port, secure: false, timeoutMs: 1000 }, new SecretScrubber([]));
        const outcome = await sender.send(MAIL);
        expect(outcome.kind).to.equal("retry");
        expect(dataCommands).to.equal(1);
        // A resend of its own would be queued on the transport before the next message: after the
        // next send has settled, the server must have seen exactly one DATA per send.
        expect((await sender.send(MAIL)).kind).to.equal("retry");
        expect(dataCommands).to.equal(2);
      } finally {
        sender?.close({ force: true });
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it("connection refused -> retry", async () => {
      silent = await startSilent();
      const port = silent.port;
      await silent.close();
      silent = undefined;
      sender = createSmtpSender({ host: "127.0.0.1", port, secure: false, timeoutMs: 1000 }, new SecretScrubber([]));
      const outcome = await sender.send(MAIL);
      expect(outcome.kind).to.equal("retry");
      expect((outcome as { error: string }).error).to.include("ECONNREFUSED");
    });
  });
});
