import { discordMessages, type DiscordWebhookBody } from "../format/discord.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { discordRetryAfterMs } from "../io/classify.js";
import { httpTransport } from "./http-transport.js";
import { SecretScrubber } from "../io/scrub.js";
import type { LogRecord } from "../core/record.js";
import { parseSecretUrl } from "./secret-url.js";
import { RemoteSink, type AlertTransport, type RemoteSinkOptions } from "./remote-sink.js";

export interface DiscordSinkOptions extends RemoteSinkOptions {
  /** `https://discord.com/api/webhooks/<id>/<token>`: a secret (the token is in the path). */
  readonly webhookUrl: string;
  /** Overrides the webhook's display name. */
  readonly username?: string;
}

/**
 * Alerts as Discord webhook embeds, coloured by level, several records a message within
 * Discord's limits, `allowed_mentions: { parse: [] }` on every message so nothing pings.
 */
export class DiscordSink extends RemoteSink<DiscordWebhookBody> {
  readonly #url: URL;
  readonly #username: string | undefined;
  readonly #scrubber: SecretScrubber;

  constructor(options: DiscordSinkOptions) {
    super("discord", options);
    this.#url = parseSecretUrl(options.webhookUrl, "DiscordSink webhookUrl");
    this.#username = options.username;
    const token = this.#url.pathname.split("/").filter(Boolean).pop();
    this.#scrubber = new SecretScrubber([options.webhookUrl, this.#url.pathname, token]);
  }

  protected format(records: readonly LogRecord[]): OutgoingMessage<DiscordWebhookBody>[] {
    return discordMessages(records, { username: this.#username });
  }

  protected openTransport(): AlertTransport<DiscordWebhookBody> {
    return httpTransport({
      origin: this.#url.origin,
      path: this.#url.pathname + this.#url.search,
      headers: { "content-type": "application/json", "user-agent": "DiscordBot (https://www.npmjs.com/package/flowlog, 0.1)" },
      encode: (body) => JSON.stringify(body),
      timeoutMs: this.timeoutMs,
      scrubber: this.#scrubber,
      retryAfterFromBody: discordRetryAfterMs,
    });
  }
}
