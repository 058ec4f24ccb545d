import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { CountWaiters } from "./scripted-http.js";

/**
 * A real SMTP server on 127.0.0.1 for the email sink (contract §4, remote-services.md; FakeSmtp of
 * the reliability design). Built on `smtp-server`; every message is parsed with `mailparser`.
 *
 * Modes (all but `hangGreeting` and `secure` can be changed while running, they are public fields):
 * - `hangGreeting`: a plain `net` server that accepts and never sends the 220 greeting (F9);
 * - `rejectRecipients`: RCPT TO answered with `rejectRecipientsCode` (550 by default, 450 for a
 *   temporary refusal);
 * - `rejectData`: the message is refused after DATA with `rejectDataCode` (554 by default);
 * - `dropDuringData`: the connection is cut while the message is being received;
 * - `dataDelayMs`: the answer to DATA is delayed (for abort and timeout tests).
 * With `auth` set, AUTH PLAIN/LOGIN is required and wrong credentials get 535; without it, auth
 * is optional and any credentials pass. STARTTLS is disabled unless `starttls: true`; `secure:
 * true` is implicit TLS. Both use smtp-server's built-in self-signed localhost certificate.
 */

export interface SmtpEnvelope {
  mailFrom: string | false;
  rcptTo: string[];
}

export interface ReceivedMail {
  envelope: SmtpEnvelope;
  /** The DATA exactly as received (CRLF line ends, dot-unstuffed). */
  raw: string;
  parsed: ParsedMail;
  /** The authenticated user, if any. */
  user?: string;
  /** True when the session was over TLS (implicit or STARTTLS). */
  secure: boolean;
  receivedAt: number;
}

export interface FakeSmtpOptions {
  /** Required credentials (AUTH PLAIN / LOGIN). Without them, auth is optional and not checked. */
  auth?: { user: string; pass: string };
  /** Accept and never greet (nodemailer waits `greetingTimeout`). */
  hangGreeting?: boolean;
  /** Which recipients get refused: all (`true`), a list, or a predicate. */
  rejectRecipients?: boolean | string[] | ((address: string) => boolean);
  rejectRecipientsCode?: number;
  rejectData?: boolean;
  rejectDataCode?: number;
  dropDuringData?: boolean;
  dataDelayMs?: number;
  /** Maximum message size in bytes; bigger messages get 552. */
  size?: number;
  /** Implicit TLS (built-in self-signed certificate). */
  secure?: boolean;
  /** Offer STARTTLS (built-in self-signed certificate). */
  starttls?: boolean;
}

export class FakeSmtp {
  readonly host = "127.0.0.1";
  /** Accepted messages, in arrival order. */
  readonly messages: ReceivedMail[] = [];
  /** Every AUTH attempt and whether it passed. */
  readonly authAttempts: Array<{ username: string | undefined; ok: boolean }> = [];
  /** Every RCPT TO and whether it was refused. */
  readonly recipients: Array<{ address: string; rejected: boolean }> = [];
  /** TCP connections accepted so far (also counted in hangGreeting mode). */
  connectionCount = 0;

  rejectRecipients: NonNullable<FakeSmtpOptions["rejectRecipients"]>;
  rejectRecipientsCode: number;
  rejectData: boolean;
  rejectDataCode: number;
  dropDuringData: boolean;
  dataDelayMs: number;

  private smtp: SMTPServer | undefined;
  private hangServer: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly messageWaiters = new CountWaiters(() => this.messages.length);
  private _port = 0;
  private closed = false;

  private constructor(private readonly options: FakeSmtpOptions) {
    this.rejectRecipients = options.rejectRecipients ?? false;
    this.rejectRecipientsCode = options.rejectRecipientsCode ?? 550;
    this.rejectData = options.rejectData ?? false;
    this.rejectDataCode = options.rejectDataCode ?? 554;
    this.dropDuringData = options.dropDuringData ?? false;
    this.dataDelayMs = options.dataDelayMs ?? 0;
  }

  static async start(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
    const server = new FakeSmtp(options);
    if (options.hangGreeting) await server.listenHanging();
    else await server.listenSmtp();
    return server;
  }

  get port(): number {
    return this._port;
  }

  /** `smtp://127.0.0.1:<port>` (or `smtps://` with `secure`). */
  get url(): string {
    return `${this.options.secure ? "smtps" : "smtp"}://127.0.0.1:${this._port}`;
  }

  /**
   * nodemailer transport options that reach this server: host, port, `secure`, the configured
   * auth, `ignoreTLS` when STARTTLS is off and `tls.rejectUnauthorized: false` when TLS is on
   * (self-signed test certificate only).
   */
  transportOptions(): {
    host: string;
    port: number;
    secure: boolean;
    ignoreTLS: boolean;
    auth?: { user: string; pass: string };
    tls?: { rejectUnauthorized: boolean };
  } {
    const tlsOn = this.options.secure === true || this.options.starttls === true;
    return {
      host: this.host,
      port: this._port,
      secure: this.options.secure === true,
      ignoreTLS: !tlsOn,
      ...(this.options.auth ? { auth: { ...this.options.auth } } : {}),
      ...(tlsOn ? { tls: { rejectUnauthorized: false } } : {}),
    };
  }

  /** Resolves once at least n messages have been accepted. */
  async waitForMessages(n: number, timeoutMs = 5000): Promise<ReceivedMail[]> {
    await this.messageWaiters.wait(n, timeoutMs, "SMTP messages");
    return [...this.messages];
  }

  /** Open TCP connections to this server. */
  getConnections(): Promise<number> {
    return Promise.resolve(this.sockets.size);
  }

  /** Stops listening, destroys every connection and clears every timer. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.messageWaiters.cancelAll("FakeSmtp closed");
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const waits: Array<Promise<void>> = [];
    const smtp = this.smtp;
    if (smtp) {
      waits.push(
        new Promise<void>((resolve) => {
          smtp.server.once("close", () => resolve());
          smtp.close();
          // The top socket of every session first (never a TLS wrap from below), then the rest.
          for (const connection of smtp.connections) connection._socket?.destroy();
          for (const socket of this.sockets) socket.destroy();
          if (!smtp.server.listening && this.sockets.size === 0) resolve();
        }),
      );
    }
    const hang = this.hangServer;
    if (hang) {
      waits.push(
        new Promise<void>((resolve) => {
          hang.close(() => resolve());
          for (const socket of this.sockets) socket.destroy();
        }),
      );
    }
    await Promise.all(waits);
    await waitUntil(() => this.sockets.size === 0);
  }

  // ---------------------------------------------------------------------------------------

  private track(socket: net.Socket): void {
    this.connectionCount++;
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => undefined);
  }

  private listenHanging(): Promise<void> {
    const server = net.createServer((socket) => {
      this.track(socket);
      socket.resume(); // read and ignore whatever the client says; never greet
    });
    this.hangServer = server;
    return listen(server).then((port) => {
      this._port = port;
    });
  }

  private listenSmtp(): Promise<void> {
    const { auth, secure, starttls, size } = this.options;
    const smtp = new SMTPServer({
      secure: secure === true,
      logger: false,
      disableReverseLookup: true,
      banner: "flowlog FakeSmtp",
      authOptional: auth === undefined,
      allowInsecureAuth: true,
      disabledCommands: starttls ? [] : ["STARTTLS"],
      authMethods: ["PLAIN", "LOGIN"],
      closeTimeout: 1000,
      socketTimeout: 30_000,
      ...(size !== undefined ? { size, rejectOversized: true } : {}),
      onAuth: (attempt, _session, callback) => {
        const ok = auth === undefined || (attempt.username === auth.user && attempt.password === auth.pass);
        this.authAttempts.push({ username: attempt.username, ok });
        if (ok) return callback(null, { user: attempt.username ?? "anonymous" });
        const error = new Error("Invalid username or password") as Error & { responseCode?: number };
        error.responseCode = 535;
        callback(error);
      },
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const rejected = this.isRejected(address.address);
        this.recipients.push({ address: address.address, rejected });
        if (!rejected) return callback();
        const error = new Error(`Mailbox unavailable: ${address.address}`) as Error & { responseCode?: number };
        error.responseCode = this.rejectRecipientsCode;
        callback(error);
      },
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    smtp.on("error", () => undefined);
    smtp.server.on("connection", (socket: net.Socket) => this.track(socket));
    this.smtp = smtp;
    return new Promise((resolve, reject) => {
      smtp.server.once("error", reject);
      smtp.listen(0, "127.0.0.1", () => {
        smtp.server.off("error", reject);
        this._port = (smtp.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private isRejected(address: string): boolean {
    const rule = this.rejectRecipients;
    if (typeof rule === "boolean") return rule;
    if (Array.isArray(rule)) return rule.includes(address);
    return rule(address);
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    let dropped = false;
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (this.dropDuringData && !dropped) {
        dropped = true;
        for (const connection of this.smtp?.connections ?? []) {
          if (connection.id === session.id) connection._socket?.destroy();
        }
      }
    });
    stream.on("error", () => undefined);
    stream.on("end", () => {
      if (dropped) return;
      const finish = () => {
        if (this.closed) return;
        if (stream.sizeExceeded) {
          const error = new Error("Error: message exceeds fixed maximum message size") as Error & { responseCode?: number };
          error.responseCode = 552;
          return callback(error);
        }
        if (this.rejectData) {
          const error = new Error("Error: transaction failed, message refused") as Error & { responseCode?: number };
          error.responseCode = this.rejectDataCode;
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            this.messages.push({
              envelope: {
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
              },
              raw: raw.toString("utf8"),
              parsed,
              user: typeof session.user === "string" ? session.user : undefined,
              secure: session.secure,
              receivedAt: performance.now(),
            });
            this.messageWaiters.notify();
            callback();
          },
          (error: Error) => callback(error),
        );
      };
      if (this.dataDelayMs > 0) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          finish();
        }, this.dataDelayMs);
        this.timers.add(timer);
      } else finish();
    });
  }
}

/** The header block of a raw message, one physical line per entry (folded lines kept apart). */
export function rawHeaders(raw: string): string[] {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end < 0 ? raw : raw.slice(0, end);
  return block.split(/\r?\n/);
}

/** Header fields of a raw message, unfolded: `{ name, value }` in order. */
export function headerFields(raw: string): Array<{ name: string; value: string }> {
  const fields: Array<{ name: string; value: string }> = [];
  for (const line of rawHeaders(raw)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1].value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon > 0) fields.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Waits (on socket close events, via setImmediate turns) until the condition holds. */
async function waitUntil(condition: () => boolean, turns = 1000): Promise<void> {
  for (let i = 0; i < turns && !condition(); i++) await new Promise((r) => setImmediate(r));
}
