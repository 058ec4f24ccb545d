import { emailMessage, type EmailBody } from "../format/email.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { SecretScrubber } from "../io/scrub.js";
import { createSmtpSender, type NodemailerModule } from "../io/smtp-transport.js";
import { FlowlogSinkError } from "../core/errors.js";
import type { LogRecord } from "../core/record.js";
import { RemoteSink, type AlertTransport, type RemoteSinkOptions } from "./remote-sink.js";

export interface EmailSinkOptions extends RemoteSinkOptions {
  readonly smtpHost: string;
  /** Default 587. */
  readonly smtpPort?: number;
  /** false (default): STARTTLS when the server offers it; true: implicit TLS (port 465). */
  readonly useTls?: boolean;
  readonly username?: string;
  /** SMTP password: a secret. */
  readonly password?: string;
  readonly fromAddr: string;
  readonly toAddrs: readonly string[];
  /** Named in the digest. */
  readonly loggerName?: string;
  /**
   * nodemailer, loaded beforehand: `await loadNodemailer()`. Without it the sink loads it on
   * its first send, and a missing package fails the sink with a message naming the install.
   */
  readonly nodemailer?: NodemailerModule;
}

/** Alerts as e-mail over SMTP (nodemailer, pooled): one digest a batch, HTML and plain text. */
export class EmailSink extends RemoteSink<EmailBody> {
  readonly #options: EmailSinkOptions;
  readonly #scrubber: SecretScrubber;

  constructor(options: EmailSinkOptions) {
    super("email", options);
    if (!options.smtpHost) throw new FlowlogSinkError("EmailSink needs smtpHost");
    if (!options.fromAddr) throw new FlowlogSinkError("EmailSink needs fromAddr");
    if (!options.toAddrs || options.toAddrs.length === 0) throw new FlowlogSinkError("EmailSink needs at least one address in toAddrs");
    this.#options = options;
    this.#scrubber = new SecretScrubber([options.password]);
  }

  protected format(records: readonly LogRecord[]): OutgoingMessage<EmailBody>[] {
    return emailMessage(records, { loggerName: this.#options.loggerName ?? records[0]?.logger ?? "flowlog" });
  }

  protected openTransport(): AlertTransport<EmailBody> {
    const options = this.#options;
    const sender = createSmtpSender(
      {
        host: options.smtpHost,
        port: options.smtpPort ?? 587,
        secure: options.useTls ?? false,
        username: options.username,
        password: options.password,
        timeoutMs: this.timeoutMs,
      },
      this.#scrubber,
      options.nodemailer,
    );
    return {
      send: (body, signal) =>
        sender.send({ from: options.fromAddr, to: options.toAddrs, subject: body.subject, text: body.text, html: body.html }, signal),
      close: () => sender.close({ force: true }),
    };
  }
}
