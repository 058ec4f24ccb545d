import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";

/**
 * A generic loopback HTTP server for sink tests (the "FakeHttp" of the reliability design).
 *
 * Every request is recorded with its arrival time. A FIFO script of behaviours overrides the
 * normal handler for the next requests (fail, delay, hang, trickle, reset); once the script is
 * empty the handler answers. 429 answers that carry a retry hint are remembered, and a request
 * that arrives before the hint has passed is recorded in `violations`.
 *
 * Listens on 127.0.0.1 only. `close()` destroys every socket (hanging ones included) and clears
 * every timer, so mocha can exit without `--exit`.
 */

/** One request as the server saw it. */
export interface RecordedRequest {
  /** 0-based arrival index on this server. */
  index: number;
  method: string;
  /** Path without the query string, e.g. `/api/webhooks/1/abc`. */
  path: string;
  /** Query parameters (the last value wins for repeated keys). */
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** The raw request body, decoded as UTF-8. */
  body: string;
  /** `performance.now()` when the request headers arrived. */
  receivedAt: number;
  /** Status sent back; undefined while pending, and for hang / destroy. */
  status?: number;
  /** `performance.now()` when the response was ended (or the headers sent, for trickle). */
  respondedAt?: number;
  /**
   * `performance.now()` when the exchange ended: the response finished, or the connection closed
   * (a client that gave up on a hanging or trickling answer; use it to measure client deadlines).
   */
  closedAt?: number;
  /** Who decided the answer: the FIFO script or the service handler. */
  answeredBy?: "script" | "handler";
  /** What happened to the connection for this request. */
  outcome?: "responded" | "hang" | "trickle" | "destroyed" | "client-closed";
}

/** Response headers a behaviour may set. */
export type HeaderMap = Record<string, string | number | readonly string[]>;

/** Answer with a status, headers and a body. An object body is sent as JSON. */
export interface RespondBehaviour {
  status: number;
  headers?: HeaderMap;
  body?: string | Buffer | object | null;
}
/** Wait `delayMs`, then apply `then`. */
export interface DelayBehaviour {
  delayMs: number;
  then: Behaviour;
}
/** Accept the request and never answer. */
export interface HangBehaviour {
  hang: true;
}
/** Send the status line and headers, then one body byte every `bytesEvery` ms, never ending. */
export interface TrickleBehaviour {
  trickle: { bytesEvery: number };
  status?: number;
  headers?: HeaderMap;
}
/** Reset the connection (TCP RST where the platform allows it). */
export interface DestroyBehaviour {
  destroy: true;
}
export type Behaviour = RespondBehaviour | DelayBehaviour | HangBehaviour | TrickleBehaviour | DestroyBehaviour;

/** The service logic: decides the answer for a request no script entry claimed. */
export type Handler = (request: RecordedRequest, server: ScriptedHttp) => Behaviour | Promise<Behaviour>;

/** A retry hint found in a response. */
export interface RetryHint {
  /** How long the client must wait, in ms, counted from when the response was sent. */
  ms: number;
  /** A global hint blocks every bucket, not only the request's. */
  global?: boolean;
}

/** A rate-limit answer the server sent. */
export interface IssuedHint {
  requestIndex: number;
  bucket: string;
  global: boolean;
  ms: number;
  sentAt: number;
  /** `sentAt + ms`: no request to the bucket may arrive before this (minus the tolerance). */
  until: number;
}

/** A request that arrived before a retry hint had passed. */
export interface RateLimitViolation {
  requestIndex: number;
  bucket: string;
  receivedAt: number;
  /** When the hint it broke ends. */
  until: number;
  /** How much too early it came, in ms (> toleranceMs). */
  earlyByMs: number;
  /** The index of the request whose answer carried the hint. */
  hintRequestIndex: number;
}

export interface ScriptedHttpOptions {
  /** Which rate-limit bucket a request belongs to (default: one bucket, `"*"`). */
  bucketOf?: (request: RecordedRequest) => string;
  /** Reads the retry hint of a sent response (default: `defaultRetryHint`). */
  hintOf?: (status: number, headers: Record<string, string>, body: string) => RetryHint | undefined;
  /**
   * A request arriving up to this many ms before the hint ends is not a violation. Default 20,
   * the margin of row F5 ("≥ 1000 ms − 20 ms").
   */
  toleranceMs?: number;
  /** Larger request bodies get 413 (default 8 MiB). */
  maxBodyBytes?: number;
}

/**
 * The default hint reader, for 429 answers only: the body's `retry_after` (Discord, float
 * seconds), else the body's `parameters.retry_after` (Telegram), else the `Retry-After` header
 * (delay-seconds or an HTTP-date). Discord's `global: true` / `X-RateLimit-Global` make it global.
 */
export function defaultRetryHint(status: number, headers: Record<string, string>, body: string): RetryHint | undefined {
  if (status !== 429) return undefined;
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  const obj = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : undefined;
  const global = obj?.global === true || String(headers["x-ratelimit-global"] ?? "").toLowerCase() === "true";
  const bodyHint =
    typeof obj?.retry_after === "number"
      ? obj.retry_after
      : typeof (obj?.parameters as Record<string, unknown> | undefined)?.retry_after === "number"
        ? ((obj!.parameters as Record<string, unknown>).retry_after as number)
        : undefined;
  if (bodyHint !== undefined && Number.isFinite(bodyHint) && bodyHint >= 0) return { ms: bodyHint * 1000, global };
  const ms = parseRetryAfter(headers["retry-after"]);
  return ms === undefined ? undefined : { ms, global };
}

/** `Retry-After` as ms: delay-seconds or an HTTP-date; undefined when absent or garbage. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - Date.now());
}

/** Resolves when a counter reaches n; event driven, with a timeout. Shared by all the servers. */
export class CountWaiters {
  private readonly waiters = new Set<{ n: number; resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(private readonly count: () => number) {}

  wait(n: number, timeoutMs: number, what: string): Promise<void> {
    if (this.count() >= n) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        n,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${n} ${what}; got ${this.count()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Call after the counter changed. */
  notify(): void {
    const count = this.count();
    for (const waiter of [...this.waiters]) {
      if (count >= waiter.n) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Reject every pending wait (the server is closing). */
  cancelAll(reason: string): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
    this.waiters.clear();
  }
}

export class ScriptedHttp {
  readonly requests: RecordedRequest[] = [];
  readonly violations: RateLimitViolation[] = [];
  /** Every retry hint the server sent (429 answers with a hint). */
  readonly hints: IssuedHint[] = [];
  /** Errors thrown by the handler (each was answered with 500). */
  readonly handlerErrors: unknown[] = [];

  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queue: Behaviour[] = [];
  private readonly requestWaiters = new CountWaiters(() => this.requests.length);
  private readonly bucketUntil = new Map<string, IssuedHint>();
  private globalUntil: IssuedHint | undefined;
  private inFlightCount = 0;
  private closed = false;
  private _port = 0;

  private constructor(
    private readonly handler: Handler,
    private readonly options: Required<ScriptedHttpOptions>,
  ) {}

  /** Starts a server on 127.0.0.1 with an ephemeral port. The default handler answers 204. */
  static async start(handler: Handler = () => ({ status: 204 }), options: ScriptedHttpOptions = {}): Promise<ScriptedHttp> {
    const server = new ScriptedHttp(handler, {
      bucketOf: options.bucketOf ?? (() => "*"),
      hintOf: options.hintOf ?? defaultRetryHint,
      toleranceMs: options.toleranceMs ?? 20,
      maxBodyBytes: options.maxBodyBytes ?? 8 * 1024 * 1024,
    });
    await server.listen(0);
    return server;
  }

  get port(): number {
    return this._port;
  }

  /** `http://127.0.0.1:<port>` (no trailing slash). */
  get url(): string {
    return `http://127.0.0.1:${this._port}`;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** Requests whose answer has not finished (delayed, hanging or trickling ones included). */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Script entries not consumed yet. */
  get pendingScript(): number {
    return this.queue.length;
  }

  /** Appends behaviours to the FIFO script: each one answers one upcoming request. */
  script(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  clearScript(): void {
    this.queue.length = 0;
  }

  /** Resolves (with all requests so far) once at least n requests have arrived. */
  async waitForRequests(n: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    await this.requestWaiters.wait(n, timeoutMs, "requests");
    return [...this.requests];
  }

  /** Open TCP connections, as `net.Server#getConnections` counts them. */
  getConnections(): Promise<number> {
    const server = this.server;
    if (!server) return Promise.resolve(this.sockets.size);
    return new Promise((resolve, reject) => server.getConnections((err, count) => (err ? reject(err) : resolve(count))));
  }

  /**
   * When the retry hint covering `bucket` ends (performance.now() time), or undefined when no
   * hint is active. Service handlers use it to answer an early request with another 429.
   */
  blockedUntil(bucket: string, now = performance.now()): number | undefined {
    const hint = this.activeHint(bucket, now);
    return hint?.until;
  }

  /** Stops listening and drops every connection, keeping the port, records and script (F10). */
  async stop(): Promise<void> {
    await this.shutdown();
  }

  /** Listens again on the port it had before `stop()`. */
  async restartOnSamePort(): Promise<void> {
    if (this.closed) throw new Error("ScriptedHttp: closed for good; cannot restart");
    if (this.listening) return;
    await this.listen(this._port);
  }

  /** Destroys every socket, clears every timer and stops the server. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.requestWaiters.cancelAll("ScriptedHttp closed");
    await this.shutdown();
  }

  // ---------------------------------------------------------------------------------------

  private listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 1000;
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("clientError", (_err, socket) => socket.destroy());
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
        server.off("error", reject);
        this._port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private shutdown(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    this.timers.clear();
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      server.closeAllConnections();
    });
  }

  private addTimer(timer: NodeJS.Timeout): NodeJS.Timeout {
    this.timers.add(timer);
    return timer;
  }

  private dropTimer(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    clearInterval(timer);
    this.timers.delete(timer);
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const receivedAt = performance.now();
    this.inFlightCount++;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        this.inFlightCount--;
      }
    };
    res.on("close", finish);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.options.maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("error", () => undefined);
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const record: RecordedRequest = {
        index: this.requests.length,
        method: req.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt,
      };
      res.on("close", () => {
        record.closedAt = performance.now();
        if (record.outcome === undefined) record.outcome = "client-closed";
      });
      this.requests.push(record);
      this.checkViolation(record);
      this.requestWaiters.notify();
      if (tooLarge) {
        this.execute({ status: 413, body: { message: "Request entity too large", code: 40005 } }, record, req, res);
        return;
      }
      const scripted = this.queue.shift();
      if (scripted !== undefined) {
        record.answeredBy = "script";
        this.execute(scripted, record, req, res);
        return;
      }
      record.answeredBy = "handler";
      Promise.resolve()
        .then(() => this.handler(record, this))
        .then(
          (behaviour) => this.execute(behaviour, record, req, res),
          (error: unknown) => {
            this.handlerErrors.push(error);
            this.execute({ status: 500, body: { message: `handler error: ${String(error)}` } }, record, req, res);
          },
        );
    });
  }

  private execute(behaviour: Behaviour, record: RecordedRequest, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.closed || res.destroyed || res.writableEnded) return;
    if ("destroy" in behaviour) {
      record.outcome = "destroyed";
      const socket = req.socket;
      if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    if ("hang" in behaviour) {
      record.outcome = "hang";
      return;
    }
    if ("delayMs" in behaviour) {
      const timer = this.addTimer(
        setTimeout(() => {
          this.dropTimer(timer);
          this.execute(behaviour.then, record, req, res);
        }, behaviour.delayMs),
      );
      res.on("close", () => this.dropTimer(timer));
      return;
    }
    if ("trickle" in behaviour) {
      record.outcome = "trickle";
      record.status = behaviour.status ?? 200;
      res.writeHead(record.status, { "content-type": "text/plain", ...toOutgoing(behaviour.headers) });
      res.flushHeaders();
      record.respondedAt = performance.now();
      const timer = this.addTimer(
        setInterval(() => {
          if (res.destroyed) this.dropTimer(timer);
          else res.write(".");
        }, Math.max(1, behaviour.trickle.bytesEvery)),
      );
      res.on("close", () => this.dropTimer(timer));
      return;
    }
    this.respond(behaviour, record, res);
  }

  private respond(behaviour: RespondBehaviour, record: RecordedRequest, res: http.ServerResponse): void {
    const headers = toOutgoing(behaviour.headers);
    const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
    let payload: string | Buffer = "";
    if (behaviour.body === undefined || behaviour.body === null) payload = "";
    else if (typeof behaviour.body === "string" || Buffer.isBuffer(behaviour.body)) payload = behaviour.body;
    else {
      payload = JSON.stringify(behaviour.body);
      if (!hasType) headers["content-type"] = "application/json";
    }
    const noBody = behaviour.status === 204 || behaviour.status === 304;
    res.writeHead(behaviour.status, headers);
    if (noBody) res.end();
    else res.end(payload);
    record.status = behaviour.status;
    record.outcome = "responded";
    record.respondedAt = performance.now();
    const lowered: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) lowered[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
    const hint = this.options.hintOf(behaviour.status, lowered, payload.toString());
    if (hint) this.recordHint(record, hint);
  }

  private recordHint(record: RecordedRequest, hint: RetryHint): void {
    const sentAt = record.respondedAt ?? performance.now();
    const issued: IssuedHint = {
      requestIndex: record.index,
      bucket: hint.global ? "*global*" : this.options.bucketOf(record),
      global: hint.global === true,
      ms: hint.ms,
      sentAt,
      until: sentAt + hint.ms,
    };
    this.hints.push(issued);
    if (issued.global) {
      if (!this.globalUntil || this.globalUntil.until < issued.until) this.globalUntil = issued;
    } else {
      const prev = this.bucketUntil.get(issued.bucket);
      if (!prev || prev.until < issued.until) this.bucketUntil.set(issued.bucket, issued);
    }
  }

  /** The retry hint covering `bucket` (or a global one) that has not passed yet, if any. */
  activeHint(bucket: string, now = performance.now()): IssuedHint | undefined {
    const candidates = [this.bucketUntil.get(bucket), this.globalUntil].filter(
      (h): h is IssuedHint => h !== undefined && h.until > now,
    );
    if (candidates.length === 0) return undefined;
    return candidates.reduce((a, b) => (a.until >= b.until ? a : b));
  }

  private checkViolation(record: RecordedRequest): void {
    const bucket = this.options.bucketOf(record);
    const hint = this.activeHint(bucket, record.receivedAt);
    if (!hint) return;
    const earlyByMs = hint.until - record.receivedAt;
    if (earlyByMs <= this.options.toleranceMs) return;
    this.violations.push({
      requestIndex: record.index,
      bucket,
      receivedAt: record.receivedAt,
      until: hint.until,
      earlyByMs,
      hintRequestIndex: hint.requestIndex,
    });
  }
}

function toOutgoing(headers: HeaderMap | undefined): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = Array.isArray(v) ? [...v] : (v as string | number);
  return out;
}
