import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { request } from "undici";
import { CountWaiters, ScriptedHttp, type Behaviour, type RecordedRequest } from "./scripted-http.js";
import { HttpEmulator, countChars, type CountUnit, type RateLimitOrder } from "./http-emulator.js";

/**
 * Twilio Programmable Messaging (WhatsApp) emulator (contract §3, remote-services.md):
 * `POST /2010-04-01/Accounts/:AccountSid/Messages.json`, form-encoded, HTTP Basic
 * `AccountSid:AuthToken`. Answers 201 with a Message resource (`sid` "SM" + 32 hex, `status`
 * "queued"), and `GET .../Messages/:sid.json` with its current state.
 *
 * Emulator choices where the contract says UNCONFIRMED: a path AccountSid that differs from the
 * Basic-auth user gets 401/20003; `Body` over 1600 UTF-16 units gets 21617; a non-form body is
 * read as no parameters (so it fails with 21604 "A 'To' phone number is required.", as Twilio
 * would); the 429 (code 20429) carries `Retry-After` unless `rateLimit({ retryAfterSec: null })`;
 * a StatusCallback whose hostname has an underscore gets 400/21609; sandbox throttling
 * (1 message / 3 s) is a 429/20429 with `Retry-After`.
 */

export interface TwilioMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  /** Every form field (repeated fields joined into arrays). */
  params: Record<string, string | string[]>;
  /** queued -> sent/delivered or failed/undelivered (async, after `asyncDelayMs`). */
  status: string;
  errorCode: number | null;
  receivedAt: number;
  requestIndex: number;
}

/** A StatusCallback POST the emulator made. */
export interface TwilioCallback {
  url: string;
  fields: Record<string, string>;
  /** HTTP status the callback receiver answered. */
  status?: number;
  error?: string;
}

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** Known WhatsApp senders; when set, any other `From` gets 400/63007. */
  senders?: string[];
  /** At most this many requests processed at once; more get 429/20429 (default: no cap). */
  maxInFlight?: number;
  /** How long a successful create stays in flight before the 201 (default 0). */
  processingDelayMs?: number;
  /**
   * Enforce the 24 h customer-service window: a free-form `Body` to a recipient with no inbound
   * message in the last 24 h (see `recordInbound`) is created (201 queued) and then fails with 63016.
   */
  sessionWindow?: boolean;
  /** Sandbox recipients that sent the join code; others fail with 63015 when From is the sandbox. */
  sandboxJoined?: string[];
  /** Delay before async status changes and StatusCallback POSTs (default 10 ms). */
  asyncDelayMs?: number;
  countUnit?: CountUnit;
  enforceHints?: boolean;
  toleranceMs?: number;
}

export const DEFAULT_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const DEFAULT_AUTH_TOKEN = "fake_twilio_auth_token_0123456789";
export const SANDBOX_FROM = "whatsapp:+14155238886";

const E164 = /^\+[1-9]\d{1,14}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export class FakeTwilio extends HttpEmulator {
  /** Created messages, in arrival order. */
  readonly messages: TwilioMessage[] = [];
  /** StatusCallback POSTs the emulator made: url, form fields and the HTTP status it got. */
  readonly callbacks: TwilioCallback[] = [];

  readonly accountSid: string;
  readonly authToken: string;
  private readonly options: FakeTwilioOptions;
  private readonly countUnit: CountUnit;
  private readonly enforceHints: boolean;
  private readonly orders: Array<Omit<RateLimitOrder, "retryAfterSec"> & { retryAfterSec: number | null }> = [];
  private readonly inbound = new Map<string, number>();
  private readonly joined: Set<string>;
  private lastSandboxSend: number | undefined;
  private readonly messageWaiters = new CountWaiters(() => this.messages.length);
  private readonly asyncTimers = new Set<NodeJS.Timeout>();
  private readonly callbackAborts = new Set<AbortController>();
  private closing = false;

  private constructor(http: ScriptedHttp, options: FakeTwilioOptions) {
    super(http);
    this.options = options;
    this.accountSid = options.accountSid ?? DEFAULT_ACCOUNT_SID;
    this.authToken = options.authToken ?? DEFAULT_AUTH_TOKEN;
    this.countUnit = options.countUnit ?? "utf16";
    this.enforceHints = options.enforceHints ?? true;
    this.joined = new Set(options.sandboxJoined ?? []);
  }

  static async start(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
    let self: FakeTwilio | undefined;
    const http = await ScriptedHttp.start((req) => self!.handle(req), { toleranceMs: options.toleranceMs });
    self = new FakeTwilio(http, options);
    return self;
  }

  /** The `api_base` a sink uses instead of `https://api.twilio.com`: `http://127.0.0.1:<port>`. */
  get apiBase(): string {
    return this.url;
  }

  /** `http://127.0.0.1:<port>/2010-04-01/Accounts/<sid>/Messages.json` */
  messagesUrl(accountSid = this.accountSid): string {
    return `${this.url}/2010-04-01/Accounts/${accountSid}/Messages.json`;
  }

  /** The `Authorization` header value for the configured credentials. */
  basicAuth(user = this.accountSid, password = this.authToken): string {
    return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  }

  /**
   * The next `count` (default 1) creates get 429 `{"code":20429,...}`, with `Retry-After:
   * ceil(retryAfterSec)` unless `retryAfterSec` is null (Twilio does not promise the header).
   */
  rateLimit(options: { retryAfterSec?: number | null; count?: number } = {}): void {
    const retryAfterSec = options.retryAfterSec === undefined ? 1 : options.retryAfterSec;
    this.orders.push({
      retryAfterSec: retryAfterSec === null ? null : Math.max(1, Math.ceil(retryAfterSec)),
      remaining: options.count ?? 1,
      global: false,
    });
  }

  /** Records an inbound message from `to` (opens its 24 h window), at `at` (epoch ms). */
  recordInbound(to: string, at = Date.now()): void {
    this.inbound.set(to, at);
  }

  /** Marks a sandbox recipient as joined. */
  joinSandbox(to: string): void {
    this.joined.add(to);
  }

  async waitForMessages(n: number, timeoutMs = 5000): Promise<TwilioMessage[]> {
    await this.messageWaiters.wait(n, timeoutMs, "Twilio messages");
    return [...this.messages];
  }

  override async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.asyncTimers) clearTimeout(timer);
    this.asyncTimers.clear();
    for (const abort of this.callbackAborts) abort.abort();
    this.messageWaiters.cancelAll("FakeTwilio closed");
    await super.close();
  }

  // ---------------------------------------------------------------------------------------

  private handle(req: RecordedRequest): Behaviour {
    const fetchRoute = /^\/2010-04-01\/Accounts\/([^/]*)\/Messages\/(SM[0-9a-f]{32})\.json$/.exec(req.path);
    const createRoute = /^\/2010-04-01\/Accounts\/([^/]*)\/Messages\.json$/.exec(req.path);
    const route = fetchRoute ?? createRoute;
    if (!route || route[1] === "") return twilioError(404, 20404, `The requested resource ${req.path} was not found`);

    const auth = parseBasic(req.headers.authorization);
    if (!auth || auth.user !== this.accountSid || auth.password !== this.authToken || route[1] !== this.accountSid) {
      return twilioError(401, 20003, "Authenticate");
    }

    if (fetchRoute) {
      if (req.method !== "GET") return twilioError(405, 20004, "Method not allowed");
      const message = this.messages.find((m) => m.sid === fetchRoute[2]);
      if (!message) return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
      return { status: 200, body: this.resource(message) };
    }
    if (req.method !== "POST") return twilioError(405, 20004, "Method not allowed");

    const order = this.orders[0];
    if (order) {
      order.remaining--;
      if (order.remaining <= 0) this.orders.shift();
      return tooManyRequests(order.retryAfterSec);
    }
    if (this.enforceHints) {
      const active = this.http.activeHint("*");
      if (active) return tooManyRequests(Math.max(1, Math.ceil((active.until - performance.now()) / 1000)));
    }
    if (this.options.maxInFlight !== undefined && this.http.inFlight > this.options.maxInFlight) {
      return tooManyRequests(null);
    }

    const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    const form = type === "application/x-www-form-urlencoded" ? new URLSearchParams(req.body) : new URLSearchParams();
    const params: Record<string, string | string[]> = {};
    for (const key of new Set(form.keys())) {
      const all = form.getAll(key);
      params[key] = all.length === 1 ? all[0] : all;
    }
    const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : (params[key] as string[] | undefined)?.[0]);
    const to = one("To");
    const from = one("From");
    const body = one("Body");
    const contentSid = one("ContentSid");
    const mediaUrls = form.getAll("MediaUrl");
    const callback = one("StatusCallback");

    if (to === undefined || to === "") return twilioError(400, 21604, "A 'To' phone number is required.");
    if ((from === undefined || from === "") && !one("MessagingServiceSid")) {
      return twilioError(400, 21603, "A 'From' phone number is required.");
    }
    const toWhatsApp = to.startsWith("whatsapp:");
    const fromWhatsApp = from?.startsWith("whatsapp:") ?? true;
    if (toWhatsApp !== fromWhatsApp) {
      return twilioError(400, 21910, "Invalid 'From' and 'To' pair. 'From' and 'To' should be of the same channel");
    }
    if (!toWhatsApp) {
      return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (!E164.test(to.slice("whatsapp:".length))) {
      return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (from !== undefined && from !== "") {
      if (!E164.test(from.slice("whatsapp:".length))) {
        return twilioError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
      }
      if (this.options.senders && !this.options.senders.includes(from) && from !== SANDBOX_FROM) {
        return twilioError(400, 63007, "Twilio could not find a Channel with the specified 'From' address");
      }
    }
    if ((body === undefined || body === "") && mediaUrls.length === 0 && !contentSid) {
      return twilioError(400, 21602, "Message body is required.");
    }
    if (body !== undefined && countChars(body, this.countUnit) > 1600) {
      return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    }
    if (callback !== undefined) {
      let valid = false;
      try {
        const url = new URL(callback);
        valid = (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.hostname.includes("_");
      } catch {
        valid = false;
      }
      if (!valid) return twilioError(400, 21609, `The StatusCallback URL ${callback} is not a valid URL.`);
    }
    if (from === SANDBOX_FROM) {
      const now = performance.now();
      if (this.lastSandboxSend !== undefined && now - this.lastSandboxSend < 3000) {
        return tooManyRequests(Math.max(1, Math.ceil((this.lastSandboxSend + 3000 - now) / 1000)));
      }
      this.lastSandboxSend = now;
    }

    // Asynchronous outcome, as Twilio reports it later (fetch or StatusCallback).
    let failure: number | null = null;
    if (from === SANDBOX_FROM && !this.joined.has(to)) failure = 63015;
    else if (this.options.sessionWindow && !contentSid) {
      const last = this.inbound.get(to);
      if (last === undefined || Date.now() - last > DAY_MS) failure = 63016;
    }

    const message: TwilioMessage = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      from: from ?? "",
      to,
      body: body ?? "",
      params,
      status: "queued",
      errorCode: null,
      receivedAt: req.receivedAt,
      requestIndex: req.index,
    };
    this.messages.push(message);
    this.messageWaiters.notify();
    this.scheduleOutcome(message, failure, callback);

    const created: Behaviour = { status: 201, body: this.resource(message) };
    const delay = this.options.processingDelayMs ?? 0;
    return delay > 0 ? { delayMs: delay, then: created } : created;
  }

  private scheduleOutcome(message: TwilioMessage, failure: number | null, callback: string | undefined): void {
    const timer = setTimeout(() => {
      this.asyncTimers.delete(timer);
      if (this.closing) return;
      message.status = failure === null ? "delivered" : "failed";
      message.errorCode = failure;
      if (callback) void this.postCallback(callback, message);
    }, this.options.asyncDelayMs ?? 10);
    this.asyncTimers.add(timer);
  }

  private async postCallback(url: string, message: TwilioMessage): Promise<void> {
    const fields: Record<string, string> = {
      AccountSid: this.accountSid,
      MessageSid: message.sid,
      SmsSid: message.sid,
      MessageStatus: message.status,
      SmsStatus: message.status,
      From: message.from,
      To: message.to,
      ApiVersion: "2010-04-01",
      ...(message.errorCode !== null ? { ErrorCode: String(message.errorCode) } : {}),
    };
    const entry: TwilioCallback = { url, fields };
    this.callbacks.push(entry);
    const abort = new AbortController();
    this.callbackAborts.add(abort);
    try {
      const res = await request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "TwilioProxy/1.1" },
        body: new URLSearchParams(fields).toString(),
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(2000)]),
        headersTimeout: 2000,
        bodyTimeout: 2000,
        reset: true,
      });
      entry.status = res.statusCode;
      await res.body.dump();
    } catch (error) {
      entry.error = String(error);
    } finally {
      this.callbackAborts.delete(abort);
    }
  }

  private resource(message: TwilioMessage): Record<string, unknown> {
    const date = new Date().toUTCString().replace("GMT", "+0000");
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}.json`;
    return {
      account_sid: this.accountSid,
      api_version: "2010-04-01",
      body: message.body,
      date_created: date,
      date_sent: null,
      date_updated: date,
      direction: "outbound-api",
      error_code: message.errorCode,
      error_message: message.errorCode === null ? null : `Error ${message.errorCode}`,
      from: message.from,
      messaging_service_sid: typeof message.params.MessagingServiceSid === "string" ? message.params.MessagingServiceSid : null,
      num_media: "0",
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid: message.sid,
      status: message.status,
      subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
      to: message.to,
      uri,
    };
  }
}

function twilioError(status: number, code: number, message: string): Behaviour {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

function tooManyRequests(retryAfterSec: number | null): Behaviour {
  return {
    status: 429,
    headers: retryAfterSec === null ? {} : { "retry-after": String(retryAfterSec) },
    body: { code: 20429, message: "Too Many Requests", more_info: "https://www.twilio.com/docs/errors/20429", status: 429 },
  };
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
