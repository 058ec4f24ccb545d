import type { ConnectionOptions } from "node:tls";
import { timerDelay } from "../core/durations.js";
import { classifySmtpError, withThrownFacts } from "./classify.js";
import type { AttemptOutcome } from "../core/attempt-outcome.js";
import { startDeadline } from "./deadline.js";
import type { SecretScrubber } from "./scrub.js";
import { importPeer, type PeerImporter } from "./optional-peer.js";

/**
 * SMTP through nodemailer, an optional peer dependency: imported only when an email sink is
 * configured, with a {@link MissingPeerError} naming `npm install nodemailer` when it is absent.
 *
 * Only the part of nodemailer's API used here is typed (structurally), so flowlog's own types
 * do not depend on nodemailer being installed.
 */

/** A nodemailer transport, as far as flowlog uses it. */
export interface NodemailerTransport {
  sendMail(mail: Record<string, unknown>): Promise<unknown>;
  /** `force` (nodemailer >= 10.4) also ends connections in the middle of a delivery. */
  close(options?: { force?: boolean }): void;
}

/** The nodemailer module, as far as flowlog uses it. */
export interface NodemailerModule {
  createTransport(options: Record<string, unknown>): NodemailerTransport;
}

/** Imports the package; injectable so tests can play "not installed". */
export type NodemailerImporter = PeerImporter;

const importNodemailer: NodemailerImporter = () => import("nodemailer");

/** The default importer's result, shared by every email sink of the process. */
let cached: Promise<NodemailerModule> | undefined;

/**
 * Imports nodemailer. Throws {@link MissingPeerError} ("the email sink needs the optional
 * package "nodemailer": run `npm install nodemailer`") when the package is not installed;
 * any other import failure (a broken install) is rethrown as is.
 */
export function loadNodemailer(importer?: NodemailerImporter): Promise<NodemailerModule> {
  if (importer !== undefined) return load(importer);
  cached ??= load(importNodemailer).catch((err: unknown) => {
    cached = undefined; // installed later (a REPL, a test): try again next time
    throw err;
  });
  return cached;
}

function load(importer: NodemailerImporter): Promise<NodemailerModule> {
  return importPeer("nodemailer", "the email sink", importer, isNodemailer);
}

function isNodemailer(mod: unknown): mod is NodemailerModule {
  return typeof (mod as { createTransport?: unknown } | null)?.createTransport === "function";
}

export interface SmtpSenderOptions {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (port 465). When false, STARTTLS is used when the server offers it. */
  readonly secure: boolean;
  /** Fail instead of sending in clear text when the server does not offer STARTTLS. Default false. */
  readonly requireTLS?: boolean;
  readonly username?: string;
  readonly password?: string;
  /**
   * nodemailer's connection, greeting, socket-inactivity and DNS timeouts, all set to this
   * (its defaults are 2 min, 30 s, 10 min, 30 s).
   */
  readonly timeoutMs: number;
  /**
   * The whole send (pool queue, connect, greeting, auth, envelope, data) must end within this,
   * which also cuts a server that trickles its replies (no inactivity timeout notices that).
   * Default `3 * timeoutMs`.
   */
  readonly deadlineMs?: number;
  /** Always pooled: connections are reused across alerts and closed by {@link SmtpSender.close}. */
  readonly pool?: true;
  /** Default 2. */
  readonly maxConnections?: number;
  /**
   * Extra trust for tests or private CAs (`ca`, `servername`). Verification itself cannot be
   * turned off: `rejectUnauthorized` is always true.
   */
  readonly tls?: Pick<ConnectionOptions, "ca" | "servername" | "minVersion">;
}

export interface SmtpMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface SmtpSender {
  /**
   * Sends one mail; never throws. Errors are classified ({@link classifySmtpError}) and
   * scrubbed (the password and every secret the scrubber knows never appear).
   *
   * Abort: the signal is handed to nodemailer (>= 10.5), whose pool then drops the mail if it
   * is still queued, or closes the connection delivering it (other connections carry on). The
   * promise settles at once with a retry outcome; the retry loop sees its own signal aborted.
   */
  send(mail: SmtpMail, signal?: AbortSignal): Promise<AttemptOutcome>;
  /** Closes the pool: idle connections at once, busy ones after their mail unless `force`. */
  close(options?: { force?: boolean }): void;
}

export const DEFAULT_SMTP_MAX_CONNECTIONS = 2;

/**
 * A pooled SMTP sender. With `nodemailer` given, the transport is built now; without it,
 * nodemailer is loaded on the first send (and a missing package becomes a permanent,
 * sink-disabling outcome). Configure-time callers should `await loadNodemailer()` first so a
 * missing package fails at startup.
 */
export function createSmtpSender(options: SmtpSenderOptions, scrubber: SecretScrubber, nodemailer?: NodemailerModule): SmtpSender {
  const secrets = scrubber.withSecrets([options.password]);
  // Clamped: nodemailer hands these to Node timers, which fire after 1 ms past 2^31-1 ms.
  const timeoutMs = timerDelay(options.timeoutMs);
  const deadlineMs = options.deadlineMs ?? timeoutMs * 3;
  const transportOptions: Record<string, unknown> = {
    pool: true,
    maxConnections: options.maxConnections ?? DEFAULT_SMTP_MAX_CONNECTIONS,
    maxMessages: 100,
    // Retrying is the caller's job (deliverWithRetry, with backoff and a budget): nodemailer's
    // pool would otherwise resend a mail up to 5 times on its own when a connection drops.
    maxRequeues: 0,
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: options.requireTLS ?? false,
    ignoreTLS: false,
    // A failed STARTTLS upgrade is an error, never a silent fall back to clear text.
    opportunisticTLS: false,
    tls: { ...options.tls, rejectUnauthorized: true },
    ...(options.username !== undefined ? { auth: { user: options.username, pass: options.password ?? "" } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    socketCloseTimeout: timeoutMs,
    // nodemailer's logger would print the AUTH exchange; mails carry no files or URLs to fetch.
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  };

  /** Built now, or on the first send: one promise, so concurrent first sends share one pool. */
  let transport: NodemailerTransport | undefined = nodemailer?.createTransport(transportOptions);
  let loading: Promise<NodemailerTransport> | undefined;
  let closed = false;

  function getTransport(): Promise<NodemailerTransport> {
    if (transport !== undefined) return Promise.resolve(transport);
    loading ??= loadNodemailer().then((mod) => (transport = mod.createTransport(transportOptions)));
    return loading;
  }

  async function send(mail: SmtpMail, signal?: AbortSignal): Promise<AttemptOutcome> {
    if (closed) return { kind: "permanent", error: "SMTP sender closed" };
    const deadline = startDeadline(deadlineMs, signal, () => new Error(`no SMTP reply within ${deadlineMs} ms`));
    try {
      const t = await getTransport();
      if (closed) {
        // close() ran while nodemailer was loading: do not leave a pool behind.
        t.close();
        return { kind: "permanent", error: "SMTP sender closed" };
      }
      await t.sendMail({
        from: mail.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        signal: deadline.signal,
      });
      return { kind: "ok" };
    } catch (err) {
      if (deadline.expired) {
        // flowlog's own deadline cut the send: the code nodemailer gives its own timeouts.
        return { kind: "retry", error: `SMTP ${options.host}:${options.port}: ETIMEDOUT: no complete exchange within ${deadlineMs} ms`, code: "ETIMEDOUT" };
      }
      return withThrownFacts(classifySmtpError(err, secrets), err, secrets);
    } finally {
      deadline.release();
    }
  }

  function close(closeOptions?: { force?: boolean }): void {
    closed = true;
    try {
      transport?.close(closeOptions?.force === true ? { force: true } : undefined);
    } catch {
      // Closing never fails the caller.
    }
  }

  return { send, close };
}
