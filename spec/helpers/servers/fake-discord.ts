import { performance } from "node:perf_hooks";
import { CountWaiters, ScriptedHttp, type Behaviour, type RecordedRequest } from "./scripted-http.js";
import { HttpEmulator, countChars, type CountUnit, type RateLimitOrder } from "./http-emulator.js";

/**
 * Discord Execute Webhook emulator (contract §1, remote-services.md).
 *
 * `POST /api/webhooks/:id/:token` and `POST /api/v{N}/webhooks/:id/:token`. Enforces the
 * token, the Content-Type, JSON syntax, every length limit of the message and its embeds (after
 * trimming), the 6000 total, colour and timestamp types, allowed_mentions exclusivity, flags, and
 * empty messages. Answers 204, or 200 with a message object for `wait=true`.
 *
 * Emulator choices where the contract says UNCONFIRMED: characters are counted in UTF-16 units
 * (option `countUnit`), colour must be 0..0xFFFFFF, a `username` containing "discord" or "clyde"
 * is refused with 50035, field names and values must be non-empty, flags other than 4, 4096 and
 * 32768 give 50035, and only `application/json` bodies are accepted (the form and multipart
 * encodings Discord also takes are answered with 50035 so a sink cannot drift to them).
 */

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  timestamp?: string;
  color?: number;
  footer?: { text: string; icon_url?: string };
  author?: { name: string; url?: string; icon_url?: string };
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  image?: { url: string };
  thumbnail?: { url: string };
  [key: string]: unknown;
}

export interface DiscordPayload {
  content?: string;
  username?: string;
  avatar_url?: string;
  tts?: boolean;
  embeds?: DiscordEmbed[];
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  flags?: number;
  [key: string]: unknown;
}

/** An accepted Execute Webhook call. */
export interface DiscordDelivery {
  /** The message id the emulator gave it (a snowflake string). */
  id: string;
  webhookId: string;
  threadId?: string;
  wait: boolean;
  payload: DiscordPayload;
  receivedAt: number;
  requestIndex: number;
}

export interface FakeDiscordOptions {
  /** Webhooks the emulator knows (default: one, `DEFAULT_WEBHOOK`). */
  webhooks?: Array<{ id: string; token: string }>;
  /** How characters are counted against the limits (default `"utf16"`, the strict choice). */
  countUnit?: CountUnit;
  /**
   * The per-webhook bucket reported in `X-RateLimit-*` on every answer. With `enforce: true`,
   * going over it gets a 429. Default `{ limit: 1000, windowSec: 1, enforce: false }`.
   */
  bucket?: { limit: number; windowSec: number; enforce?: boolean };
  /** Answer a request that arrives while a retry hint is active with another 429 (default true). */
  enforceHints?: boolean;
  /** Violation tolerance in ms (default 20). */
  toleranceMs?: number;
}

export const DEFAULT_WEBHOOK = { id: "112233445566778899", token: "fake-webhook-token_abcDEF123-xyz" } as const;

const ALLOWED_FLAGS = 4 | 4096 | 32768;
const IS_COMPONENTS_V2 = 32768;
const DISCORD_EPOCH = 1420070400000n;

type ErrorTree = { _errors?: Array<{ code: string; message: string }>; [key: string]: unknown };

export class FakeDiscord extends HttpEmulator {
  /** Parsed JSON bodies of the accepted messages, in arrival order. */
  readonly messages: DiscordPayload[] = [];
  /** The accepted messages with their webhook, thread, wait flag and id. */
  readonly deliveries: DiscordDelivery[] = [];

  private readonly webhooks: Map<string, string>;
  private readonly countUnit: CountUnit;
  private readonly bucket: { limit: number; windowSec: number; enforce: boolean };
  private readonly enforceHints: boolean;
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly orders: RateLimitOrder[] = [];
  private readonly messageWaiters = new CountWaiters(() => this.messages.length);
  private sequence = 0n;

  private constructor(http: ScriptedHttp, options: FakeDiscordOptions) {
    super(http);
    const hooks = options.webhooks ?? [DEFAULT_WEBHOOK];
    this.webhooks = new Map(hooks.map((h) => [h.id, h.token]));
    this.countUnit = options.countUnit ?? "utf16";
    this.bucket = { enforce: false, ...(options.bucket ?? { limit: 1000, windowSec: 1 }) };
    this.enforceHints = options.enforceHints ?? true;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    let self: FakeDiscord | undefined;
    const http = await ScriptedHttp.start((req) => self!.handle(req), {
      bucketOf: bucketOfRequest,
      toleranceMs: options.toleranceMs,
    });
    self = new FakeDiscord(http, options);
    return self;
  }

  /** The default webhook's id and token. */
  get webhookId(): string {
    return [...this.webhooks.keys()][0];
  }
  get webhookToken(): string {
    return this.webhooks.get(this.webhookId)!;
  }

  /** `http://127.0.0.1:<port>/api` : the base a sink would use instead of `https://discord.com/api`. */
  get apiBase(): string {
    return `${this.url}/api`;
  }

  /**
   * The webhook URL to configure a sink with:
   * `http://127.0.0.1:<port>/api[/v10]/webhooks/<id>/<token>`.
   */
  webhookUrl(options: { id?: string; token?: string; version?: number } = {}): string {
    const id = options.id ?? this.webhookId;
    const token = options.token ?? this.webhooks.get(id) ?? "unknown-token";
    const version = options.version === undefined ? "" : `/v${options.version}`;
    return `${this.url}/api${version}/webhooks/${id}/${token}`;
  }

  /** Registers another webhook. */
  addWebhook(id: string, token: string): void {
    this.webhooks.set(id, token);
  }

  /** Deletes a webhook: later calls get 404 Unknown Webhook. */
  deleteWebhook(id: string): void {
    this.webhooks.delete(id);
  }

  /**
   * The next `count` (default 1) webhook calls get 429 with `Retry-After: ceil(retryAfterSec)`,
   * `X-RateLimit-*` headers and `{"message":"You are being rate limited.","retry_after":<sec>,"global":<bool>}`.
   * A call that arrives before the hint has passed is recorded in `violations` (and, by default,
   * gets another 429 for the time left).
   */
  rateLimit(options: { retryAfterSec: number; count?: number; global?: boolean }): void {
    this.orders.push({ retryAfterSec: options.retryAfterSec, remaining: options.count ?? 1, global: options.global ?? false });
  }

  /** Resolves once at least n messages have been accepted. */
  async waitForMessages(n: number, timeoutMs = 5000): Promise<DiscordPayload[]> {
    await this.messageWaiters.wait(n, timeoutMs, "Discord messages");
    return [...this.messages];
  }

  override async close(): Promise<void> {
    this.messageWaiters.cancelAll("FakeDiscord closed");
    await super.close();
  }

  // ---------------------------------------------------------------------------------------

  private handle(req: RecordedRequest): Behaviour {
    const route = /^\/api(?:\/v(\d+))?\/webhooks\/([^/]+)\/([^/]+)\/?$/.exec(req.path);
    if (!route) return { status: 404, body: { message: "404: Not Found", code: 0 } };
    if (req.method !== "POST") return { status: 405, body: { message: "405: Method Not Allowed", code: 0 } };
    const [, , id, token] = route;
    const bucket = bucketOfRequest(req);

    const order = this.orders[0];
    if (order) {
      order.remaining--;
      if (order.remaining <= 0) this.orders.shift();
      return this.tooManyRequests(order.retryAfterSec, order.global, bucket);
    }
    if (this.enforceHints) {
      const active = this.http.activeHint(bucket);
      if (active !== undefined) {
        return this.tooManyRequests(Math.max(0.001, (active.until - performance.now()) / 1000), active.global, bucket);
      }
    }

    const known = this.webhooks.get(id);
    if (known === undefined) return { status: 404, body: { message: "Unknown Webhook", code: 10015 } };
    if (known !== token) return { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } };

    const contentType = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (contentType !== "application/json") {
      return invalidFormBody({
        _errors: [
          {
            code: "CONTENT_TYPE_INVALID",
            message: `Expected "Content-Type" header to be one of {'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'}.`,
          },
        ],
      });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(req.body);
    } catch {
      return { status: 400, body: { message: "The request body contains invalid JSON.", code: 50109 } };
    }

    const errors: ErrorTree = {};
    const wait = parseBooleanQuery(req.query.wait, "wait", errors);
    const threadId = req.query.thread_id;
    if (threadId !== undefined && !/^\d{1,20}$/.test(threadId)) {
      addError(errors, ["thread_id"], "NUMBER_TYPE_COERCE", `Value "${threadId}" is not snowflake.`);
    }
    validatePayload(payload, this.countUnit, errors);
    if (Object.keys(errors).length > 0) return invalidFormBody(errors);
    const message = payload as DiscordPayload;
    if (isEmptyMessage(message)) return { status: 400, body: { message: "Cannot send an empty message", code: 50006 } };

    const window = this.countInWindow(bucket);
    if (this.bucket.enforce && window.count > this.bucket.limit) {
      return this.tooManyRequests(window.resetAfterSec, false, bucket);
    }

    const messageId = this.nextSnowflake();
    this.messages.push(message);
    this.deliveries.push({
      id: messageId,
      webhookId: id,
      threadId,
      wait,
      payload: message,
      receivedAt: req.receivedAt,
      requestIndex: req.index,
    });
    this.messageWaiters.notify();

    const headers = this.bucketHeaders(bucket, window.remaining, window.resetAfterSec);
    if (!wait) return { status: 204, headers };
    return {
      status: 200,
      headers,
      body: {
        id: messageId,
        type: 0,
        channel_id: "998877665544332211",
        content: message.content ?? "",
        embeds: (message.embeds ?? []).map((e) => ({ type: "rich", ...e })),
        mentions: [],
        mention_roles: [],
        attachments: [],
        components: [],
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        flags: message.flags ?? 0,
        tts: message.tts ?? false,
        mention_everyone: false,
        pinned: false,
        webhook_id: id,
        author: { id, username: message.username ?? "flowlog-test-hook", avatar: null, discriminator: "0000", bot: true },
        ...(threadId ? { position: 0 } : {}),
      },
    };
  }

  private tooManyRequests(retryAfterSec: number, global: boolean, bucket: string): Behaviour {
    const rounded = Math.round(retryAfterSec * 1000) / 1000;
    const bodyValue = Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
    return {
      status: 429,
      headers: {
        ...this.bucketHeaders(bucket, 0, rounded),
        "retry-after": String(Math.ceil(rounded)),
        "x-ratelimit-scope": global ? "global" : "user",
        ...(global ? { "x-ratelimit-global": "true" } : {}),
        "content-type": "application/json",
      },
      body: `{"message":"You are being rate limited.","retry_after":${bodyValue},"global":${global}}`,
    };
  }

  private bucketHeaders(bucket: string, remaining: number, resetAfterSec: number): Record<string, string> {
    return {
      "x-ratelimit-limit": String(this.bucket.limit),
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": ((Date.now() + resetAfterSec * 1000) / 1000).toFixed(3),
      "x-ratelimit-reset-after": resetAfterSec.toFixed(3),
      "x-ratelimit-bucket": Buffer.from(bucket).toString("hex").slice(0, 32),
    };
  }

  private countInWindow(bucket: string): { count: number; remaining: number; resetAfterSec: number } {
    const now = performance.now();
    const windowMs = this.bucket.windowSec * 1000;
    let window = this.windows.get(bucket);
    if (!window || now >= window.start + windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(bucket, window);
    }
    window.count++;
    return {
      count: window.count,
      remaining: Math.max(0, this.bucket.limit - window.count),
      resetAfterSec: Math.max(0, (window.start + windowMs - now) / 1000),
    };
  }

  private nextSnowflake(): string {
    this.sequence = (this.sequence + 1n) & 0xfffn;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | this.sequence).toString();
  }
}

/** Discord's per-route bucket for webhooks: webhook id + token. */
function bucketOfRequest(req: RecordedRequest): string {
  const route = /^\/api(?:\/v\d+)?\/webhooks\/([^/]+)\/([^/]+)/.exec(req.path);
  return route ? `webhook:${route[1]}/${route[2]}` : "other";
}

function invalidFormBody(errors: ErrorTree): Behaviour {
  return { status: 400, body: { code: 50035, errors, message: "Invalid Form Body" } };
}

function addError(tree: ErrorTree, path: Array<string | number>, code: string, message: string): void {
  let node: ErrorTree = tree;
  for (const key of path) {
    const k = String(key);
    if (typeof node[k] !== "object" || node[k] === null) node[k] = {};
    node = node[k] as ErrorTree;
  }
  (node._errors ??= []).push({ code, message });
}

function parseBooleanQuery(value: string | undefined, name: string, errors: ErrorTree): boolean {
  if (value === undefined) return false;
  if (["True", "true", "1"].includes(value)) return true;
  if (["False", "false", "0"].includes(value)) return false;
  addError(errors, [name], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  return false;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks one optional string field; returns its trimmed length (0 when absent). */
function checkString(
  errors: ErrorTree,
  path: Array<string | number>,
  value: unknown,
  limit: number | undefined,
  unit: CountUnit,
  required = false,
): number {
  if (value === undefined || value === null) {
    if (required) addError(errors, path, "BASE_TYPE_REQUIRED", "This field is required");
    return 0;
  }
  if (typeof value !== "string") {
    addError(errors, path, "BASE_TYPE_STRING", `Could not interpret "${JSON.stringify(value)}" as string.`);
    return 0;
  }
  const length = countChars(value.trim(), unit);
  if (required && length === 0) {
    addError(errors, path, "BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${limit} in length.`);
  } else if (limit !== undefined && length > limit) {
    addError(errors, path, "BASE_TYPE_MAX_LENGTH", `Must be ${limit} or fewer in length.`);
  }
  return length;
}

const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function validateEmbed(errors: ErrorTree, embed: unknown, i: number, unit: CountUnit): number {
  const at = (...rest: Array<string | number>) => ["embeds", i, ...rest];
  if (!isObject(embed)) {
    addError(errors, at(), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return 0;
  }
  let total = 0;
  total += checkString(errors, at("title"), embed.title, 256, unit);
  total += checkString(errors, at("description"), embed.description, 4096, unit);
  checkString(errors, at("url"), embed.url, 2048, unit);
  if (embed.timestamp !== undefined && embed.timestamp !== null) {
    if (typeof embed.timestamp !== "string" || !ISO8601.test(embed.timestamp) || Number.isNaN(Date.parse(embed.timestamp))) {
      addError(errors, at("timestamp"), "DATE_TIME_TYPE_PARSE", `Could not parse ${JSON.stringify(embed.timestamp)}. Should be ISO8601.`);
    }
  }
  if (embed.color !== undefined && embed.color !== null) {
    if (typeof embed.color !== "number" || !Number.isInteger(embed.color)) {
      addError(errors, at("color"), "NUMBER_TYPE_COERCE", `Value "${String(embed.color)}" is not int.`);
    } else if (embed.color < 0) {
      addError(errors, at("color"), "NUMBER_TYPE_MIN", "int value should be greater than or equal to 0.");
    } else if (embed.color > 0xffffff) {
      addError(errors, at("color"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.");
    }
  }
  if (embed.footer !== undefined && embed.footer !== null) {
    if (!isObject(embed.footer)) addError(errors, at("footer"), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    else {
      total += checkString(errors, at("footer", "text"), embed.footer.text, 2048, unit, true);
      checkString(errors, at("footer", "icon_url"), embed.footer.icon_url, 2048, unit);
    }
  }
  if (embed.author !== undefined && embed.author !== null) {
    if (!isObject(embed.author)) addError(errors, at("author"), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    else {
      total += checkString(errors, at("author", "name"), embed.author.name, 256, unit, true);
      checkString(errors, at("author", "url"), embed.author.url, 2048, unit);
      checkString(errors, at("author", "icon_url"), embed.author.icon_url, 2048, unit);
    }
  }
  for (const media of ["image", "thumbnail"] as const) {
    const value = embed[media];
    if (value === undefined || value === null) continue;
    if (!isObject(value)) addError(errors, at(media), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    else checkString(errors, at(media, "url"), value.url, 2048, unit, true);
  }
  if (embed.fields !== undefined && embed.fields !== null) {
    if (!Array.isArray(embed.fields)) addError(errors, at("fields"), "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
    else {
      if (embed.fields.length > 25) addError(errors, at("fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      embed.fields.forEach((field: unknown, j: number) => {
        if (!isObject(field)) {
          addError(errors, at("fields", j), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
          return;
        }
        total += checkString(errors, at("fields", j, "name"), field.name, 256, unit, true);
        total += checkString(errors, at("fields", j, "value"), field.value, 1024, unit, true);
        if (field.inline !== undefined && typeof field.inline !== "boolean") {
          addError(errors, at("fields", j, "inline"), "BASE_TYPE_BOOLEAN", "Must be either true or false.");
        }
      });
    }
  }
  return total;
}

function validatePayload(payload: unknown, unit: CountUnit, errors: ErrorTree): void {
  if (!isObject(payload)) {
    addError(errors, [], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return;
  }
  checkString(errors, ["content"], payload.content, 2000, unit);
  if (payload.username !== undefined && payload.username !== null) {
    const length = checkString(errors, ["username"], payload.username, 80, unit);
    if (typeof payload.username === "string") {
      if (length === 0) addError(errors, ["username"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length.");
      const banned = /discord|clyde/i.exec(payload.username);
      if (banned) {
        addError(errors, ["username"], "USERNAME_INVALID_CONTAINS", `Username cannot contain "${banned[0].toLowerCase()}"`);
      }
    }
  }
  checkString(errors, ["avatar_url"], payload.avatar_url, 2048, unit);
  if (payload.tts !== undefined && payload.tts !== null && typeof payload.tts !== "boolean") {
    addError(errors, ["tts"], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  }
  checkString(errors, ["thread_name"], payload.thread_name, 100, unit);

  if (payload.embeds !== undefined && payload.embeds !== null) {
    if (!Array.isArray(payload.embeds)) addError(errors, ["embeds"], "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
    else {
      if (payload.embeds.length > 10) addError(errors, ["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
      let total = 0;
      payload.embeds.forEach((embed: unknown, i: number) => {
        total += validateEmbed(errors, embed, i, unit);
      });
      if (total > 6000) addError(errors, ["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
    }
  }

  const mentions = payload.allowed_mentions;
  if (mentions !== undefined && mentions !== null) {
    if (!isObject(mentions)) addError(errors, ["allowed_mentions"], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    else {
      let parse: unknown[] = [];
      if (mentions.parse !== undefined && mentions.parse !== null) {
        if (!Array.isArray(mentions.parse)) {
          addError(errors, ["allowed_mentions", "parse"], "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
        } else {
          parse = mentions.parse;
          parse.forEach((p, i) => {
            if (p !== "roles" && p !== "users" && p !== "everyone") {
              addError(errors, ["allowed_mentions", "parse", i], "BASE_TYPE_CHOICES", "Value must be one of {'roles', 'users', 'everyone'}.");
            }
          });
        }
      }
      for (const kind of ["users", "roles"] as const) {
        const list = mentions[kind];
        if (list === undefined || list === null) continue;
        if (!Array.isArray(list)) {
          addError(errors, ["allowed_mentions", kind], "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
          continue;
        }
        if (list.length > 100) addError(errors, ["allowed_mentions", kind], "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
        list.forEach((idValue, i) => {
          if (!/^\d{1,20}$/.test(String(idValue)) || (typeof idValue !== "string" && typeof idValue !== "number")) {
            addError(errors, ["allowed_mentions", kind, i], "NUMBER_TYPE_COERCE", `Value "${String(idValue)}" is not snowflake.`);
          }
        });
        if (list.length > 0 && parse.includes(kind)) {
          addError(
            errors,
            ["allowed_mentions"],
            "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
            `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
          );
        }
      }
      if (mentions.replied_user !== undefined && typeof mentions.replied_user !== "boolean") {
        addError(errors, ["allowed_mentions", "replied_user"], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
      }
    }
  }

  if (payload.flags !== undefined && payload.flags !== null) {
    if (typeof payload.flags !== "number" || !Number.isInteger(payload.flags) || payload.flags < 0) {
      addError(errors, ["flags"], "NUMBER_TYPE_COERCE", `Value "${String(payload.flags)}" is not int.`);
    } else {
      if ((payload.flags & ~ALLOWED_FLAGS) !== 0) {
        addError(errors, ["flags"], "MESSAGE_FLAGS_INVALID", "Only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2 can be set.");
      }
      if ((payload.flags & IS_COMPONENTS_V2) !== 0) {
        for (const legacy of ["content", "embeds", "poll"]) {
          if (payload[legacy] !== undefined && payload[legacy] !== null) {
            addError(
              errors,
              [legacy],
              "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
              "The 'content', 'embeds', 'stickers', and 'poll' fields cannot be used when the IS_COMPONENTS_V2 flag is set.",
            );
          }
        }
      }
    }
  }
}

function isEmptyEmbed(embed: DiscordEmbed): boolean {
  const text = (v: unknown) => typeof v === "string" && v.trim() !== "";
  return !(
    text(embed.title) ||
    text(embed.description) ||
    (Array.isArray(embed.fields) && embed.fields.length > 0) ||
    embed.footer ||
    embed.author ||
    embed.image ||
    embed.thumbnail
  );
}

function isEmptyMessage(message: DiscordPayload): boolean {
  const hasContent = typeof message.content === "string" && message.content.trim() !== "";
  const hasEmbeds = Array.isArray(message.embeds) && message.embeds.some((e) => !isEmptyEmbed(e));
  const hasComponents = Array.isArray(message.components) && message.components.length > 0;
  const hasPoll = isObject(message.poll);
  return !(hasContent || hasEmbeds || hasComponents || hasPoll);
}

/** The visible text of a message where mentions can hide: content and every embed text field. */
function mentionableText(message: DiscordPayload): string {
  const parts: unknown[] = [message.content];
  for (const embed of message.embeds ?? []) {
    parts.push(embed.title, embed.description, embed.footer?.text, embed.author?.name);
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  return parts.filter((p): p is string => typeof p === "string").join("\n");
}

/**
 * True when the message would ping someone: its content or embeds contain `@everyone`, `@here`,
 * `<@id>`, `<@!id>` or `<@&id>` and `allowed_mentions` does not suppress that kind of mention
 * (absent `allowed_mentions` means Discord parses every mention).
 */
export function pingsAnyone(message: DiscordPayload): boolean {
  const text = mentionableText(message);
  const everyone = /@(everyone|here)/.test(text);
  const users = [...text.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]);
  const roles = [...text.matchAll(/<@&(\d+)>/g)].map((m) => m[1]);
  if (!everyone && users.length === 0 && roles.length === 0) return false;
  const allowed = message.allowed_mentions;
  if (allowed === undefined || allowed === null) return true;
  const parse = Array.isArray(allowed.parse) ? allowed.parse : [];
  if (everyone && parse.includes("everyone")) return true;
  const allowedUsers = (allowed.users ?? []).map(String);
  const allowedRoles = (allowed.roles ?? []).map(String);
  if (users.some((u) => parse.includes("users") || allowedUsers.includes(u))) return true;
  if (roles.some((r) => parse.includes("roles") || allowedRoles.includes(r))) return true;
  return false;
}
