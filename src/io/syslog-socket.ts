import type * as dgram from "node:dgram";
import * as fs from "node:fs";
import type * as net from "node:net";
import { FlowlogSinkError, TransportError } from "../core/errors.js";
import { transportErrorOutcome } from "./classify.js";
import { timerDelay } from "../core/durations.js";
import { startDeadline } from "./deadline.js";
import type { AttemptOutcome } from "../core/attempt-outcome.js";

/**
 * The syslog sink's sockets: the only code that touches `net`, `tls` and `dgram` for syslog.
 *
 * - TCP (RFC 6587) and TLS (RFC 5425): one persistent connection, opened on the first send and
 *   again on the first send after it was lost. A send resolves `ok` once the kernel has taken the
 *   bytes (the write callback): syslog has no acknowledgement, so that is what "delivered" can
 *   mean. The retry loop around `send` supplies the backoff between reconnects.
 * - Resend window: when the connection is lost without flowlog closing it (rsyslog restarted,
 *   a reset), what the kernel had accepted but the server had not read yet is gone with it; the
 *   client cannot know how much (measured: rsyslog stopped under a full-speed writer left about
 *   4 MB, 27,000 records, unread; a loaded machine, where rsyslog takes seconds to stop, lost
 *   more than a 1 MiB window held). So it keeps the last {@link RESEND_WINDOW_BYTES} it wrote in
 *   the last {@link RESEND_WINDOW_MS}, and writes them again first on the next connection. That
 *   turns a silent loss into possible duplicates; what the kernel held beyond the window is
 *   still lost. The window is sized by time first: a server that stops reading while it shuts
 *   down lets the kernel take writes for as long as that lasts.
 * - UDP (RFC 5426): one datagram per message, from one unconnected socket; no loss detection.
 *
 * `net`, `tls` and `dgram` are taken when a socket opens, not when flowlog is imported: with the
 * crypto modules `tls` brings, they would add ~2 MB and several ms to every `import "flowlog"`
 * (issue 15), syslog configured or not.
 */

/** Bytes of the most recent writes kept to send again after a lost connection. */
export const RESEND_WINDOW_BYTES = 8 * 1024 * 1024;
/** Writes older than this when the connection was lost are not sent again. */
export const RESEND_WINDOW_MS = 10_000;
/** After a clean end from the server, only writes this recent are sent again. */
export const RESEND_AFTER_END_MS = 1000;

export interface SyslogStreamOptions {
  readonly host: string;
  readonly port: number;
  /** Verify the server's certificate (against `ca`, or the system's CAs). */
  readonly tls: boolean;
  /** PEM of the CA(s) that signed the server's certificate (a private CA); default: Node's CAs. */
  readonly ca?: Buffer;
  /** Connect (and TLS handshake) plus write must finish within this, or the attempt fails and the socket is dropped. */
  readonly timeoutMs: number;
  readonly resendWindowBytes?: number;
  readonly resendWindowMs?: number;
  /** Epoch ms; default Date.now (for the resend window's age). */
  readonly now?: () => number;
}

/** One written buffer, kept for the resend window. */
interface Written {
  readonly bytes: Buffer;
  readonly at: number;
}

/** Reads the `ca_file` of the config: at construction, so a wrong path fails at once with its name. */
export function readCaFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new FlowlogSinkError(`syslog ca_file ${JSON.stringify(file)} cannot be read (${code})`);
  }
}

/** A persistent TCP or TLS connection to a syslog server. */
export class SyslogStreamClient {
  readonly #options: SyslogStreamOptions;
  readonly #now: () => number;
  readonly #windowBytes: number;
  readonly #windowMs: number;
  /** The open connection, or undefined between connections. */
  #socket: net.Socket | undefined;
  /** A connection being opened; sends wait for it rather than opening a second one. */
  #connecting: Promise<net.Socket> | undefined;
  /** Recent writes, oldest first, at most #windowBytes in total. */
  #recent: Written[] = [];
  #recentBytes = 0;
  /** Set when a connection was lost without close(): its recent writes (this far back from `at`) go out again first. */
  #lost: { readonly at: number; readonly windowMs: number } | undefined;
  #closed = false;
  /** Times the recent writes were sent again after a lost connection. */
  resends = 0;

  constructor(options: SyslogStreamOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#windowBytes = options.resendWindowBytes ?? RESEND_WINDOW_BYTES;
    this.#windowMs = options.resendWindowMs ?? RESEND_WINDOW_MS;
  }

  /** Whether a connection is open now (it is opened by the next send otherwise). */
  get connected(): boolean {
    return this.#socket !== undefined && !this.#socket.destroyed;
  }

  /** Writes `data` (whole frames); never throws. */
  async send(data: Buffer, signal: AbortSignal): Promise<AttemptOutcome> {
    if (this.#closed) return { kind: "permanent", error: "syslog connection closed" };
    const attempt = startDeadline(this.#options.timeoutMs, signal, () => timedOut(`timeout after ${this.#options.timeoutMs} ms`));
    try {
      const socket = await this.#connection(attempt.signal);
      const payload = this.#withResend(data);
      await writeAll(socket, payload, attempt.signal);
      this.#remember(data);
      return { kind: "ok" };
    } catch (err) {
      // The socket may hold part of a frame now: never write to it again.
      this.#drop();
      return transportErrorOutcome(attempt.signal.aborted ? attempt.signal.reason : err);
    } finally {
      attempt.release();
    }
  }

  /** Ends the connection cleanly (TLS close_notify, then FIN), waiting at most `timeoutMs`. */
  async close(): Promise<void> {
    this.#closed = true;
    const socket = this.#socket ?? (await this.#connecting?.catch(() => undefined));
    this.#socket = undefined;
    this.#recent = [];
    if (socket === undefined || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => socket.destroy(), timerDelay(this.#options.timeoutMs));
      timer.unref();
      socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end();
    });
  }

  /** The open connection, or a new one (connect, then the TLS handshake with verification). */
  #connection(signal: AbortSignal): Promise<net.Socket> {
    if (this.#socket !== undefined && !this.#socket.destroyed && this.#socket.writable) return Promise.resolve(this.#socket);
    this.#connecting ??= this.#open().finally(() => (this.#connecting = undefined));
    return raceAbort(this.#connecting, signal);
  }

  #open(): Promise<net.Socket> {
    const { host, port } = this.#options;
    return new Promise<net.Socket>((resolve, reject) => {
      const { connect, isIP } = process.getBuiltinModule("node:net");
      const socket: net.Socket = this.#options.tls
        ? process.getBuiltinModule("node:tls").connect({ host, port, ca: this.#options.ca, servername: isIP(host) === 0 ? host : undefined })
        : connect({ host, port });
      const ready = this.#options.tls ? "secureConnect" : "connect";
      const timer = setTimeout(() => socket.destroy(timedOut(`connect timeout after ${this.#options.timeoutMs} ms`)), timerDelay(this.#options.timeoutMs));
      const fail = (err: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once("error", fail);
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.off("error", fail);
        if (this.#closed) {
          socket.destroy();
          reject(new Error("syslog connection closed"));
          return;
        }
        socket.setNoDelay(true);
        socket.setKeepAlive(true);
        this.#watch(socket);
        this.#socket = socket;
        resolve(socket);
      });
    });
  }

  /**
   * A connection that closes without close() is lost: after an error (a reset: the server closed
   * with data unread) the whole window goes out again; after a clean end (the server read all
   * that had arrived), only what was written in the last {@link RESEND_AFTER_END_MS}, which
   * may have crossed its FIN.
   */
  #watch(socket: net.Socket): void {
    socket.on("error", () => undefined); // reported through "close" (hadError) and the write callbacks
    socket.on("close", (hadError: boolean) => {
      if (this.#socket === socket) this.#socket = undefined;
      this.#markLost(hadError ? this.#windowMs : RESEND_AFTER_END_MS);
    });
    // syslog servers send nothing back; anything they do is read and ignored.
    socket.on("data", () => undefined);
  }

  #markLost(windowMs: number): void {
    if (this.#closed) return;
    const now = this.#now();
    // A reset seen after a clean end widens the window; a second notice never narrows it.
    if (this.#lost === undefined || windowMs > this.#lost.windowMs) this.#lost = { at: this.#lost?.at ?? now, windowMs };
  }

  /** After a lost connection: the recent writes of the window, then `data`. */
  #withResend(data: Buffer): Buffer {
    const lost = this.#lost;
    if (lost === undefined) return data;
    this.#lost = undefined;
    const again = this.#recent.filter((written) => lost.at - written.at <= lost.windowMs).map((written) => written.bytes);
    this.#recent = [];
    this.#recentBytes = 0;
    if (again.length === 0) return data;
    this.resends++;
    for (const bytes of again) this.#remember(bytes);
    return Buffer.concat([...again, data]);
  }

  #remember(bytes: Buffer): void {
    this.#recent.push({ bytes, at: this.#now() });
    this.#recentBytes += bytes.length;
    while (this.#recentBytes > this.#windowBytes && this.#recent.length > 0) {
      this.#recentBytes -= (this.#recent.shift() as Written).bytes.length;
    }
  }

  /** Drops the connection after a failed write (it may hold half a frame). */
  #drop(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket !== undefined) {
      this.#markLost(this.#windowMs);
      socket.destroy();
    }
  }
}

/** Writes `data`, resolving when the kernel has it; rejects on a socket error or abort. */
/** flowlog's own timer cut the attempt: an error carrying `ETIMEDOUT`, the code the report shows. */
function timedOut(message: string): TransportError {
  return new TransportError("ETIMEDOUT", message);
}

function writeAll(socket: net.Socket, data: Buffer, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => finish(err);
    const onClose = (): void => finish(new Error("syslog connection closed by the server"));
    const onAbort = (): void => finish(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    let done = false;
    const finish = (err?: Error | null): void => {
      if (done) return;
      done = true;
      socket.off("error", onError);
      socket.off("close", onClose);
      signal.removeEventListener("abort", onAbort);
      if (err) reject(err);
      else resolve();
    };
    socket.on("error", onError);
    socket.on("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
    socket.write(data, (err) => finish(err ?? undefined));
  });
}

/** `promise`, or a rejection as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

export interface SyslogDatagramOptions {
  readonly host: string;
  readonly port: number;
}

/**
 * UDP: one datagram per message (RFC 5426), from one connected socket: the host name is looked
 * up once, not per datagram, and a port the server does not listen on surfaces as ECONNREFUSED
 * on a later send (retried) instead of nothing at all. A send resolves once every datagram was
 * handed to the kernel: whether it arrived cannot be known.
 */
export class SyslogDatagramClient {
  readonly #options: SyslogDatagramOptions;
  #socket: Promise<dgram.Socket> | undefined;

  constructor(options: SyslogDatagramOptions) {
    this.#options = options;
  }

  async send(datagrams: readonly Buffer[], signal: AbortSignal): Promise<AttemptOutcome> {
    try {
      const socket = await (this.#socket ??= this.#open());
      for (const datagram of datagrams) {
        if (signal.aborted) throw signal.reason;
        await new Promise<void>((resolve, reject) => socket.send(datagram, (err) => (err ? reject(err) : resolve())));
      }
      return { kind: "ok" };
    } catch (err) {
      return transportErrorOutcome(err);
    }
  }

  close(): Promise<void> {
    const opening = this.#socket;
    this.#socket = undefined;
    if (opening === undefined) return Promise.resolve();
    return opening.then(
      (socket) => new Promise<void>((resolve) => socket.close(() => resolve())),
      () => undefined,
    );
  }

  #open(): Promise<dgram.Socket> {
    const socket = process.getBuiltinModule("node:dgram").createSocket(process.getBuiltinModule("node:net").isIPv6(this.#options.host) ? "udp6" : "udp4");
    // Send errors reach their callbacks; an 'error' event nobody listens to would crash the process.
    socket.on("error", () => undefined);
    const opening = new Promise<dgram.Socket>((resolve, reject) => {
      socket.connect(this.#options.port, this.#options.host, (err?: Error) => {
        if (err) {
          socket.close();
          reject(err);
        } else resolve(socket);
      });
    });
    // A failed lookup is tried again on the next send.
    opening.catch(() => {
      if (this.#socket === opening) this.#socket = undefined;
    });
    return opening;
  }
}
