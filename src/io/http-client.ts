import type { Dispatcher, Pool, buildConnector } from "undici";
import { FlowlogSinkError, TransportError } from "../core/errors.js";
import { startDeadline } from "./deadline.js";
import type { SecretScrubber } from "./scrub.js";

/**
 * An HTTP client for ONE origin (one remote sink), over an undici `Pool`:
 * - never more than `connections` sockets, whatever the number of concurrent requests
 *   (extra requests wait in the pool's queue, inside their own deadline);
 * - explicit connect, headers and body timeouts (undici's defaults are 10 s, 300 s and 300 s),
 *   plus an overall per-attempt deadline that also cuts a body trickling one byte at a time;
 * - response bodies read up to {@link MAX_RESPONSE_BYTES}, the rest discarded;
 * - failures rejected as a {@link TransportError} whose message is scrubbed and names the
 *   origin, never the path (which holds Discord's and Telegram's tokens).
 *
 * TLS is verified as Node does by default: there is no `rejectUnauthorized: false` anywhere.
 * Tests trust their own certificate through `connect: { ca }`.
 */

/** Response bytes kept: service error bodies are small; a huge one is cut here. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Bytes past the cap read and thrown away so a keep-alive socket can be reused; beyond this the
 * body is destroyed (undici then closes that socket).
 */
const MAX_DISCARD_BYTES = 256 * 1024;

/**
 * undici is loaded by the first request, not at import: it adds several MB of RSS (4-7 MB
 * measured) and its start-up time, which a logger with only local sinks should not pay.
 */
let undici: Promise<typeof import("undici")> | undefined;
const loadUndici = (): Promise<typeof import("undici")> => (undici ??= import("undici"));

export const DEFAULT_CONNECTIONS = 4;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 4000;

export interface HttpClientOptions {
  /** `https://discord.com` (scheme, host, port only). */
  readonly origin: string;
  /** Sockets at most. Default {@link DEFAULT_CONNECTIONS}. */
  readonly connections?: number;
  /** TCP + TLS handshake limit. Default {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  readonly connectTimeoutMs?: number;
  /** Idle keep-alive sockets are closed after this. Default {@link DEFAULT_KEEP_ALIVE_TIMEOUT_MS}. */
  readonly keepAliveTimeoutMs?: number;
  /** Scrubs error messages (tokens in paths, Basic auth credentials). */
  readonly scrubber: SecretScrubber;
  /**
   * Passed to undici's connector (`tls.connect` / `net.connect`): `ca` or `lookup` in tests.
   * `rejectUnauthorized` is always forced to true.
   */
  readonly connect?: buildConnector.BuildOptions;
}

export interface HttpRequest {
  readonly method: Dispatcher.HttpMethod;
  /** Path and query, starting with `/`. May hold a token: it never appears in an error. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** The whole attempt (queue, connect, headers, body) must finish within this. */
  readonly timeoutMs: number;
  /** The caller's stop (hard stop, complete() deadline): aborts the request. */
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** UTF-8 text of at most {@link MAX_RESPONSE_BYTES} bytes. */
  readonly body: string;
  /** True when the body was longer than {@link MAX_RESPONSE_BYTES} and was cut. */
  readonly truncated: boolean;
}

/** TLS certificate verification failures, as `tls` reports them. */
export const TLS_ERROR_CODES: ReadonlySet<string> = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

/** undici codes that mean "no answer in time". */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);

export class HttpClient {
  readonly origin: string;
  /** Created on the first request (see loadUndici); close() and destroy() wait for it. */
  private pool: Promise<Pool> | undefined;
  private readonly poolOptions: Pool.Options;
  private readonly scrubber: SecretScrubber;
  /** After close() new requests fail with CLOSED; after destroy() in-flight ones fail with ABORTED. */
  private state: "open" | "closed" | "destroyed" = "open";

  constructor(options: HttpClientOptions) {
    this.scrubber = options.scrubber;
    this.origin = parseOrigin(options.origin, options.scrubber);
    const connectTimeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.poolOptions = {
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      pipelining: 1,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
      // Verification cannot be turned off from here: trust a test or private CA with `ca`.
      connect: { ...options.connect, timeout: connectTimeout, rejectUnauthorized: true },
    };
  }

  private openPool(): Promise<Pool> {
    this.pool ??= loadUndici().then(({ Pool }) => new Pool(this.origin, this.poolOptions));
    return this.pool;
  }

  /**
   * Sends one request and reads its response (any status: classification is the caller's).
   * Rejects only with a {@link TransportError}.
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    if (this.state !== "open") {
      throw new TransportError("CLOSED", `${req.method} ${this.origin}: client ${this.state}`);
    }
    const timeoutMs = req.timeoutMs;
    const caller = req.signal;
    const deadline = startDeadline(timeoutMs, caller, () => new TransportError("ETIMEDOUT", "deadline"));
    try {
      const pool = await this.openPool();
      // close() or destroy() during the load awaited the same promise after us: this request is
      // dispatched first, so close() waits for it and destroy() aborts it, as for any request.
      const response = await pool.request({
        origin: this.origin,
        path: req.path,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: deadline.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const { text, truncated } = await readCapped(response.body);
      return { status: response.statusCode, headers: { ...response.headers }, body: text, truncated };
    } catch (err) {
      throw this.toTransportError(err, req, timeoutMs, deadline.expired, caller?.aborted === true);
    } finally {
      deadline.release();
    }
  }

  /** Waits for in-flight requests, then closes every socket. */
  async close(): Promise<void> {
    if (this.state === "open") this.state = "closed";
    if (this.pool === undefined) return;
    const pool = await this.pool;
    if (pool.closed || pool.destroyed) return;
    await pool.close();
  }

  /** Aborts in-flight and queued requests (they reject with `ABORTED`) and closes every socket. */
  async destroy(): Promise<void> {
    this.state = "destroyed";
    if (this.pool === undefined) return;
    const pool = await this.pool;
    if (pool.destroyed) return;
    await pool.destroy();
  }

  private toTransportError(err: unknown, req: HttpRequest, timeoutMs: number, deadlineHit: boolean, callerAborted: boolean): TransportError {
    const where = `${req.method} ${this.origin}`;
    const original = errorCode(err);
    if (deadlineHit) {
      return new TransportError("ETIMEDOUT", `${where}: no complete response within ${timeoutMs} ms`, original);
    }
    if (callerAborted) return new TransportError("ABORTED", `${where}: aborted by the caller`, original);
    if (this.state === "destroyed") return new TransportError("ABORTED", `${where}: client destroyed`, original);
    if (original === "UND_ERR_DESTROYED" || original === "UND_ERR_CLOSED") {
      return new TransportError(this.state === "closed" ? "CLOSED" : "ABORTED", `${where}: client ${this.state}`, original);
    }
    let detail = this.scrubber.scrub(errorMessage(err));
    // Belt and braces: undici's messages name host and port, but never show the path even so.
    const pathOnly = req.path.split("?")[0] ?? "";
    if (pathOnly.length > 1) detail = detail.split(pathOnly).join("/…");
    const code = normalizeCode(original);
    return new TransportError(code, `${where}: ${detail}`, original);
  }
}

/**
 * The origin of an http(s) URL. A bad one throws a FlowlogSinkError showing it masked: Node's
 * own ERR_INVALID_URL carries the whole input (token included) in its `input` property.
 */
function parseOrigin(origin: string, scrubber: SecretScrubber): string {
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new FlowlogSinkError(`not an http(s) URL: ${scrubber.maskUrl(String(origin))}`);
  }
  return url.origin;
}

/** Reads at most MAX_RESPONSE_BYTES; discards up to MAX_DISCARD_BYTES more, then destroys the body. */
async function readCapped(body: Dispatcher.ResponseData["body"]): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let seen = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (kept < MAX_RESPONSE_BYTES) {
      const part = chunk.length <= MAX_RESPONSE_BYTES - kept ? chunk : chunk.subarray(0, MAX_RESPONSE_BYTES - kept);
      chunks.push(part);
      kept += part.length;
    }
    // Leaving the loop destroys the body; undici then closes that socket instead of reusing it.
    if (seen > MAX_RESPONSE_BYTES + MAX_DISCARD_BYTES) break;
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated: seen > kept };
}

function errorCode(err: unknown): string | undefined {
  try {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code !== "") return code;
    // Happy-eyeballs connect failures (several addresses) arrive as an AggregateError.
    const inner = (err as { errors?: unknown } | null)?.errors;
    if (Array.isArray(inner)) {
      for (const e of inner) {
        const c = (e as { code?: unknown } | null)?.code;
        if (typeof c === "string" && c !== "") return c;
      }
    }
  } catch {
    // A hostile thrown value: no code.
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  try {
    const message = (err as { message?: unknown } | null)?.message;
    if (typeof message === "string" && message !== "") return message;
    const inner = (err as { errors?: unknown } | null)?.errors;
    if (Array.isArray(inner) && inner.length > 0) return inner.map(errorMessage).join("; ");
    return String(err);
  } catch {
    return "unknown error";
  }
}

function normalizeCode(code: string | undefined): string {
  if (code === undefined) return "EUNKNOWN";
  if (TIMEOUT_CODES.has(code)) return "ETIMEDOUT";
  if (code === "UND_ERR_SOCKET" || code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") return "ECONNRESET";
  if (code === "UND_ERR_ABORTED" || code === "UND_ERR_ABORT" || code === "ABORT_ERR") return "ABORTED";
  if (code === "UND_ERR_CLOSED") return "CLOSED";
  if (code === "UND_ERR_INVALID_ARG" || code === "UND_ERR_NOT_SUPPORTED") return "EINVAL";
  if (code.startsWith("HPE_") || code === "UND_ERR_HEADERS_OVERFLOW" || code === "UND_ERR_INFO") return "EPROTO";
  return code;
}
