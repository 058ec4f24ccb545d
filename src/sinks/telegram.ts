import { telegramMessages, type TelegramSendMessageBody } from "../format/telegram.js";
import type { OutgoingMessage } from "../core/delivery.js";
import type { AttemptOutcome } from "../core/attempt-outcome.js";
import { telegramRetryAfterMs } from "../io/classify.js";
import type { HttpResponse } from "../io/http-client.js";
import { splitBase } from "../io/http-attempt.js";
import { httpTransport } from "./http-transport.js";
import { SecretScrubber } from "../io/scrub.js";
import { FlowlogSinkError } from "../core/errors.js";
import type { LogRecord } from "../core/record.js";
import { parseSecretUrl } from "./secret-url.js";
import { RemoteSink, type AlertTransport, type RemoteSinkOptions } from "./remote-sink.js";

export interface TelegramSinkOptions extends RemoteSinkOptions {
  /** The bot token from @BotFather: a secret. */
  readonly botToken: string;
  readonly chatId: string | number;
  /** Default https://api.telegram.org. */
  readonly apiBase?: string;
}

/**
 * Alerts as Telegram messages in HTML parse mode: user text escaped, split at 4096 visible
 * characters without cutting a tag, link previews off. A group that became a supergroup
 * (`migrate_to_chat_id`) is followed once.
 */
export class TelegramSink extends RemoteSink<TelegramSendMessageBody> {
  readonly #token: string;
  readonly #chatId: string;
  readonly #base: { origin: string; prefix: string };
  readonly #scrubber: SecretScrubber;

  constructor(options: TelegramSinkOptions) {
    super("telegram", options);
    if (typeof options.botToken !== "string" || options.botToken.length === 0) throw new FlowlogSinkError("TelegramSink needs botToken");
    if (options.chatId === undefined || String(options.chatId).length === 0) throw new FlowlogSinkError("TelegramSink needs chatId");
    this.#token = options.botToken;
    this.#chatId = String(options.chatId);
    this.#base = splitBase(parseSecretUrl(options.apiBase ?? "https://api.telegram.org", "TelegramSink apiBase").href);
    this.#scrubber = new SecretScrubber([options.botToken]);
  }

  protected format(records: readonly LogRecord[]): OutgoingMessage<TelegramSendMessageBody>[] {
    return telegramMessages(records, { chatId: this.#chatId });
  }

  protected openTransport(): AlertTransport<TelegramSendMessageBody> {
    /** The chat a migrated group moved to; followed once per subscription. */
    let migratedTo: string | undefined;
    const followMigration = (response: HttpResponse): AttemptOutcome | undefined => {
      if (response.status !== 400 || migratedTo !== undefined) return undefined;
      const target = migrationTarget(response.body);
      if (target === undefined) return undefined;
      migratedTo = target;
      return { kind: "retry", error: "chat migrated to a supergroup", retryAfterMs: 0 };
    };
    return httpTransport({
      origin: this.#base.origin,
      path: `${this.#base.prefix}/bot${this.#token}/sendMessage`,
      headers: { "content-type": "application/json" },
      encode: (body) => JSON.stringify(migratedTo === undefined ? body : { ...body, chat_id: migratedTo }),
      timeoutMs: this.timeoutMs,
      scrubber: this.#scrubber,
      retryAfterFromBody: telegramRetryAfterMs,
      inspect: followMigration,
    });
  }
}

function migrationTarget(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { parameters?: { migrate_to_chat_id?: unknown } };
    const target = parsed?.parameters?.migrate_to_chat_id;
    return typeof target === "number" || typeof target === "string" ? String(target) : undefined;
  } catch {
    return undefined;
  }
}
