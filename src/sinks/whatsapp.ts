import { whatsappMessages, type TwilioWhatsAppBody } from "../format/whatsapp.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { splitBase } from "../io/http-attempt.js";
import { httpTransport } from "./http-transport.js";
import { SecretScrubber } from "../io/scrub.js";
import { FlowlogSinkError } from "../core/errors.js";
import type { LogRecord } from "../core/record.js";
import { parseSecretUrl } from "./secret-url.js";
import { RemoteSink, type AlertTransport, type RemoteSinkOptions } from "./remote-sink.js";

export interface WhatsAppSinkOptions extends RemoteSinkOptions {
  readonly accountSid: string;
  /** Twilio auth token: a secret. */
  readonly authToken: string;
  /** E.164 numbers (`+14155238886`); the sink adds the `whatsapp:` prefix. */
  readonly fromNumber: string;
  readonly toNumber: string;
  /** Default https://api.twilio.com. */
  readonly apiBase?: string;
}

/** Alerts as WhatsApp messages through Twilio's Messages API: plain text within 1600 characters. */
export class WhatsAppSink extends RemoteSink<TwilioWhatsAppBody> {
  readonly #options: WhatsAppSinkOptions;
  readonly #base: { origin: string; prefix: string };
  readonly #scrubber: SecretScrubber;

  constructor(options: WhatsAppSinkOptions) {
    super("whatsapp", options);
    for (const key of ["accountSid", "authToken", "fromNumber", "toNumber"] as const) {
      if (typeof options[key] !== "string" || options[key].length === 0) throw new FlowlogSinkError(`WhatsAppSink needs ${key}`);
    }
    this.#options = options;
    this.#base = splitBase(parseSecretUrl(options.apiBase ?? "https://api.twilio.com", "WhatsAppSink apiBase").href);
    this.#scrubber = new SecretScrubber([options.authToken], { pairs: [[options.accountSid, options.authToken]] });
  }

  protected format(records: readonly LogRecord[]): OutgoingMessage<TwilioWhatsAppBody>[] {
    return whatsappMessages(records, { from: this.#options.fromNumber, to: this.#options.toNumber });
  }

  protected openTransport(): AlertTransport<TwilioWhatsAppBody> {
    const { accountSid, authToken } = this.#options;
    return httpTransport({
      origin: this.#base.origin,
      path: `${this.#base.prefix}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`,
      },
      encode: (body) => new URLSearchParams({ From: body.From, To: body.To, Body: body.Body }).toString(),
      timeoutMs: this.timeoutMs,
      scrubber: this.#scrubber,
    });
  }
}
