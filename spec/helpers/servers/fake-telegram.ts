import { performance } from "node:perf_hooks";
import { CountWaiters, ScriptedHttp, type Behaviour, type RecordedRequest } from "./scripted-http.js";
import { HttpEmulator, countChars, type CountUnit, type RateLimitOrder } from "./http-emulator.js";
import { parseTelegramHtml, type TelegramEntity } from "./telegram-html.js";

/**
 * Telegram Bot API emulator (contract §2, remote-services.md): `/bot<token>/sendMessage` (and
 * `getMe`), method names case-insensitive, GET or POST, parameters from the query string, a JSON
 * body or a form body. HTTP status always equals `error_code`; every answer is JSON.
 *
 * Emulator choices where the contract says UNCONFIRMED: the 4096 limit counts UTF-16 units of
 * the visible text (option `countUnit`); `parse_mode` other than HTML (or none) is refused with
 * 400 "Bad Request: unsupported parse_mode"; HTML is checked strictly (see telegram-html.ts);
 * multipart bodies are refused; the legacy `disable_web_page_preview` is accepted and flagged.
 */

export interface TelegramDelivery {
  messageId: number;
  /** The chat id as the request gave it, normalized to a string (e.g. "-1001234567890"). */
  chatId: string;
  /** The visible text after entity parsing (what a user would read). */
  text: string;
  /** The raw `text` parameter as sent. */
  raw: string;
  parseMode?: string;
  entities: TelegramEntity[];
  messageThreadId?: number;
  disableNotification?: boolean;
  linkPreviewOptions?: Record<string, unknown>;
  /** True when the request used the undocumented legacy `disable_web_page_preview`. */
  legacyDisableWebPagePreview: boolean;
  /** Every parameter, decoded (JSON-serialized form values parsed). */
  params: Record<string, unknown>;
  /** "json", "form" or "query": how the parameters came. */
  encoding: "json" | "form" | "query";
  receivedAt: number;
  requestIndex: number;
}

export interface FakeTelegramOptions {
  /** The bot token (default `DEFAULT_BOT_TOKEN`). */
  token?: string;
  /** Chats the bot can write to (default `[DEFAULT_CHAT_ID, DEFAULT_GROUP_ID]`). */
  chats?: Array<number | string>;
  /** Groups upgraded to supergroups: old id -> new id (the new id is known automatically). */
  migrated?: Record<string, number>;
  /** Chats whose user blocked the bot: 403 "Forbidden: bot was blocked by the user". */
  blocked?: Array<number | string>;
  /** Groups the bot is not in: 403 "Forbidden: bot is not a member of the group chat". */
  notMember?: Array<number | string>;
  /** When set for a chat, only these `message_thread_id`s exist there. */
  threads?: Record<string, number[]>;
  /** Flood control: a second message to the same chat within this many ms gets 429. */
  flood?: { perChatIntervalMs: number };
  countUnit?: CountUnit;
  /** Answer a request that arrives while a retry hint is active with another 429 (default true). */
  enforceHints?: boolean;
  toleranceMs?: number;
}

export const DEFAULT_BOT_TOKEN = "123456789:AAFakeTokenForFlowlogTests_abcdefghij";
export const DEFAULT_CHAT_ID = 424242;
export const DEFAULT_GROUP_ID = -1001234567890;

type Params = { params: Record<string, unknown>; encoding: "json" | "form" | "query" } | { error: string };

export class FakeTelegram extends HttpEmulator {
  /** Accepted sendMessage calls, in arrival order. */
  readonly messages: TelegramDelivery[] = [];

  readonly token: string;
  private readonly chats: Set<string>;
  private readonly migrated: Map<string, number>;
  private readonly blocked: Set<string>;
  private readonly notMember: Set<string>;
  private readonly threads: Map<string, number[]>;
  private readonly flood?: { perChatIntervalMs: number };
  private readonly countUnit: CountUnit;
  private readonly enforceHints: boolean;
  private readonly orders: Array<RateLimitOrder & { chatId?: string }> = [];
  private readonly lastAccepted = new Map<string, number>();
  private readonly messageWaiters = new CountWaiters(() => this.messages.length);
  private nextMessageId = 1;

  private constructor(http: ScriptedHttp, options: FakeTelegramOptions) {
    super(http);
    this.token = options.token ?? DEFAULT_BOT_TOKEN;
    this.migrated = new Map(Object.entries(options.migrated ?? {}).map(([k, v]) => [normChat(k), v]));
    this.chats = new Set((options.chats ?? [DEFAULT_CHAT_ID, DEFAULT_GROUP_ID]).map(normChat));
    for (const target of this.migrated.values()) this.chats.add(normChat(target));
    this.blocked = new Set((options.blocked ?? []).map(normChat));
    this.notMember = new Set((options.notMember ?? []).map(normChat));
    this.threads = new Map(Object.entries(options.threads ?? {}).map(([k, v]) => [normChat(k), v]));
    this.flood = options.flood;
    this.countUnit = options.countUnit ?? "utf16";
    this.enforceHints = options.enforceHints ?? true;
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    let self: FakeTelegram | undefined;
    const http = await ScriptedHttp.start((req) => self!.handle(req), {
      bucketOf: bucketOfRequest,
      toleranceMs: options.toleranceMs,
    });
    self = new FakeTelegram(http, options);
    return self;
  }

  /** The API root a sink uses instead of `https://api.telegram.org`: `http://127.0.0.1:<port>`. */
  get apiBase(): string {
    return this.url;
  }

  /** `http://127.0.0.1:<port>/bot<token>/<method>` */
  methodUrl(method = "sendMessage", token = this.token): string {
    return `${this.url}/bot${token}/${method}`;
  }

  /**
   * The next `count` (default 1) sendMessage calls (to `chatId` if given) get 429 with
   * `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after N","parameters":{"retry_after":N}}`
   * and `Retry-After: N` (N = ceil(retryAfterSec)). Early retries to that chat are violations.
   */
  rateLimit(options: { retryAfterSec: number; count?: number; chatId?: number | string }): void {
    this.orders.push({
      retryAfterSec: Math.max(1, Math.ceil(options.retryAfterSec)),
      remaining: options.count ?? 1,
      global: false,
      chatId: options.chatId === undefined ? undefined : normChat(options.chatId),
    });
  }

  async waitForMessages(n: number, timeoutMs = 5000): Promise<TelegramDelivery[]> {
    await this.messageWaiters.wait(n, timeoutMs, "Telegram messages");
    return [...this.messages];
  }

  override async close(): Promise<void> {
    this.messageWaiters.cancelAll("FakeTelegram closed");
    await super.close();
  }

  // ---------------------------------------------------------------------------------------

  private handle(req: RecordedRequest): Behaviour {
    const route = /^\/bot([^/]*)\/([^/]+)\/?$/.exec(req.path);
    if (!route) return tgError(404, "Not Found");
    if (req.method !== "GET" && req.method !== "POST") return tgError(405, "Method Not Allowed");
    const [, token, methodName] = route;
    if (token !== this.token) return tgError(401, "Unauthorized");
    const method = methodName.toLowerCase();
    if (method === "getme") {
      return { status: 200, body: { ok: true, result: this.botUser() } };
    }
    if (method !== "sendmessage") return tgError(404, "Not Found: method not found");

    const read = readParams(req);
    if ("error" in read) return tgError(400, read.error);
    const { params, encoding } = read;
    const chatId = params.chat_id === undefined || params.chat_id === "" ? undefined : normChat(params.chat_id as string | number);

    const limited = this.rateLimited(chatId);
    if (limited) return limited;

    if (chatId === undefined) return tgError(400, "Bad Request: chat_id is empty");
    const target = this.migrated.get(chatId);
    if (target !== undefined) {
      return tgError(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: target });
    }
    if (this.blocked.has(chatId)) return tgError(403, "Forbidden: bot was blocked by the user");
    if (this.notMember.has(chatId)) return tgError(403, "Forbidden: bot is not a member of the group chat");
    if (!this.chats.has(chatId)) return tgError(400, "Bad Request: chat not found");

    let messageThreadId: number | undefined;
    if (params.message_thread_id !== undefined && params.message_thread_id !== "") {
      messageThreadId = Number(params.message_thread_id);
      if (!Number.isInteger(messageThreadId)) return tgError(400, "Bad Request: invalid message thread identifier specified");
      const known = this.threads.get(chatId);
      if (known && !known.includes(messageThreadId)) return tgError(400, "Bad Request: message thread not found");
    }

    const previewRaw = params.link_preview_options;
    let linkPreviewOptions: Record<string, unknown> | undefined;
    if (previewRaw !== undefined) {
      const parsed = typeof previewRaw === "string" ? tryJson(previewRaw) : previewRaw;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return tgError(400, "Bad Request: can't parse link preview options JSON object");
      }
      linkPreviewOptions = parsed as Record<string, unknown>;
    }

    const raw = params.text;
    if (raw === undefined || raw === null || raw === "") return tgError(400, "Bad Request: message text is empty");
    if (typeof raw !== "string" && typeof raw !== "number") return tgError(400, "Bad Request: message text is empty");
    const rawText = String(raw);

    const parseMode = typeof params.parse_mode === "string" && params.parse_mode !== "" ? params.parse_mode : undefined;
    let text: string;
    let entities: TelegramEntity[] = [];
    if (parseMode === undefined) {
      text = rawText.trim();
    } else if (parseMode.toLowerCase() === "html") {
      const parsed = parseTelegramHtml(rawText);
      if (!parsed.ok) return tgError(400, `Bad Request: can't parse entities: ${parsed.error}`);
      text = parsed.text;
      entities = parsed.entities;
    } else {
      return tgError(400, "Bad Request: unsupported parse_mode");
    }
    if (text.length === 0) return tgError(400, "Bad Request: message text is empty");
    if (countChars(text, this.countUnit) > 4096) return tgError(400, "Bad Request: message is too long");

    const disableNotification = parseBool(params.disable_notification);
    const legacy = params.disable_web_page_preview !== undefined;
    const messageId = this.nextMessageId++;
    if (this.flood) this.lastAccepted.set(chatId, performance.now());
    this.messages.push({
      messageId,
      chatId,
      text,
      raw: rawText,
      parseMode,
      entities,
      messageThreadId,
      disableNotification,
      linkPreviewOptions,
      legacyDisableWebPagePreview: legacy,
      params,
      encoding,
      receivedAt: req.receivedAt,
      requestIndex: req.index,
    });
    this.messageWaiters.notify();

    const numericChat = /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
    return {
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: messageId,
          from: this.botUser(),
          chat: { id: numericChat, type: chatType(chatId) },
          date: Math.floor(Date.now() / 1000),
          text,
          ...(entities.length > 0 ? { entities } : {}),
          ...(messageThreadId !== undefined ? { message_thread_id: messageThreadId, is_topic_message: true } : {}),
        },
      },
    };
  }

  private rateLimited(chatId: string | undefined): Behaviour | undefined {
    const orderIndex = this.orders.findIndex((o) => o.chatId === undefined || o.chatId === chatId);
    if (orderIndex >= 0) {
      const order = this.orders[orderIndex];
      order.remaining--;
      if (order.remaining <= 0) this.orders.splice(orderIndex, 1);
      return tooManyRequests(order.retryAfterSec);
    }
    if (chatId === undefined) return undefined;
    if (this.enforceHints) {
      const active = this.http.activeHint(`chat:${chatId}`);
      if (active) return tooManyRequests(Math.max(1, Math.ceil((active.until - performance.now()) / 1000)));
    }
    if (this.flood) {
      const last = this.lastAccepted.get(chatId);
      const now = performance.now();
      if (last !== undefined && now - last < this.flood.perChatIntervalMs) {
        return tooManyRequests(Math.max(1, Math.ceil((last + this.flood.perChatIntervalMs - now) / 1000)));
      }
    }
    return undefined;
  }

  private botUser(): Record<string, unknown> {
    const id = Number(this.token.split(":")[0]) || 123456789;
    return { id, is_bot: true, first_name: "flowlog test bot", username: "flowlog_test_bot" };
  }
}

function tgError(code: number, description: string, parameters?: Record<string, number>): Behaviour {
  return { status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
}

function tooManyRequests(seconds: number): Behaviour {
  return {
    status: 429,
    headers: { "retry-after": String(seconds) },
    body: {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${seconds}`,
      parameters: { retry_after: seconds },
    },
  };
}

function normChat(value: number | string): string {
  const text = String(value).trim();
  return /^-?\d+$/.test(text) ? String(BigInt(text)) : text;
}

function chatType(chatId: string): string {
  if (chatId.startsWith("@")) return "channel";
  if (chatId.startsWith("-100")) return "supergroup";
  if (chatId.startsWith("-")) return "group";
  return "private";
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseBool(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "boolean") return value;
  return ["true", "1", "True"].includes(String(value));
}

const JSON_PARAMS = ["link_preview_options", "reply_parameters", "reply_markup", "entities"];

function readParams(req: RecordedRequest): Params {
  const params: Record<string, unknown> = { ...req.query };
  let encoding: "json" | "form" | "query" = "query";
  const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (req.body.length > 0) {
    if (type === "application/json") {
      const json = tryJson(req.body);
      if (typeof json !== "object" || json === null || Array.isArray(json)) {
        return { error: "Bad Request: can't parse JSON encoded request" };
      }
      Object.assign(params, json);
      encoding = "json";
    } else if (type === "application/x-www-form-urlencoded") {
      for (const [k, v] of new URLSearchParams(req.body)) params[k] = v;
      encoding = "form";
    } else if (type === "multipart/form-data") {
      return { error: "Bad Request: multipart/form-data is not supported by this emulator" };
    }
  }
  if (encoding !== "json") {
    for (const key of JSON_PARAMS) {
      if (typeof params[key] === "string") {
        const parsed = tryJson(params[key] as string);
        if (parsed !== undefined) params[key] = parsed;
      }
    }
  }
  return { params, encoding };
}

/** Telegram's flood control is per chat: the bucket of a request is its chat_id. */
function bucketOfRequest(req: RecordedRequest): string {
  const read = readParams(req);
  if ("error" in read || read.params.chat_id === undefined || read.params.chat_id === "") return "chat:?";
  return `chat:${normChat(read.params.chat_id as string | number)}`;
}
