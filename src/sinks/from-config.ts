import { createRequire } from "node:module";
import * as path from "node:path";
import type { FlowlogConfig, ResolvedConfig } from "../config/index.js";
import { MissingPeerError } from "../core/errors.js";
import type { LevelNumber } from "../core/levels.js";
import type { Format } from "../format/index.js";
import { DiscordSink } from "./discord.js";
import { EmailSink } from "./email.js";
import { FileSink } from "./file.js";
import type { RemoteSinkOptions } from "./remote-sink.js";
import { OpenTelemetrySink } from "./opentelemetry.js";
import { SyslogSink } from "./syslog.js";
import { TelegramSink } from "./telegram.js";
import { WhatsAppSink } from "./whatsapp.js";
import type { Sink } from "./sink.js";
import { TerminalSink, type TerminalStreams } from "./terminal.js";

export interface SinkEnvironment {
  /** Base of relative file paths. */
  readonly cwd: string;
  /** Read for NO_COLOR / FORCE_COLOR. */
  readonly env: Record<string, string | undefined>;
  readonly terminalStreams?: TerminalStreams;
}

/** The file sinks of the config, by key, with the format each one writes. */
const FILE_SINKS = [
  ["file_text", "text"],
  ["file_json", "json"],
  ["file_csv", "csv"],
  ["file_markdown", "markdown"],
] as const satisfies ReadonlyArray<readonly [keyof FlowlogConfig["sinks"], Format]>;

/** Builds the enabled sinks of a decoded config; each is named after its config key. */
export function sinksFromConfig(config: ResolvedConfig, environment: SinkEnvironment): Sink[] {
  const sinks: Sink[] = [];
  const { terminal } = config.sinks;
  if (terminal.enabled) {
    sinks.push(
      new TerminalSink({
        name: "terminal",
        minLevel: terminal.min_level,
        stderrLevel: terminal.stderr_level,
        colors: terminal.colors,
        streams: environment.terminalStreams,
        env: environment.env,
      }),
    );
  }
  for (const [key, format] of FILE_SINKS) {
    const file = config.sinks[key];
    if (!file.enabled) continue;
    sinks.push(
      new FileSink(path.resolve(environment.cwd, file.path), {
        name: key,
        format,
        minLevel: file.min_level,
        maxBytes: file.max_bytes,
        backupCount: file.backup_count,
      }),
    );
  }
  const { discord, telegram, whatsapp, email } = config.sinks;
  if (discord.enabled) {
    sinks.push(new DiscordSink({ ...remoteOptions("discord", discord), webhookUrl: discord.webhook_url, username: discord.username }));
  }
  if (telegram.enabled) {
    sinks.push(
      new TelegramSink({
        ...remoteOptions("telegram", telegram),
        botToken: telegram.bot_token,
        chatId: telegram.chat_id,
        apiBase: telegram.api_base,
      }),
    );
  }
  if (whatsapp.enabled) {
    sinks.push(
      new WhatsAppSink({
        ...remoteOptions("whatsapp", whatsapp),
        accountSid: whatsapp.account_sid,
        authToken: whatsapp.auth_token,
        fromNumber: whatsapp.from_number,
        toNumber: whatsapp.to_number,
        apiBase: whatsapp.api_base,
      }),
    );
  }
  if (email.enabled) {
    requirePeer("nodemailer", "the email sink");
    sinks.push(
      new EmailSink({
        ...remoteOptions("email", email),
        smtpHost: email.smtp_host,
        smtpPort: email.smtp_port,
        useTls: email.use_tls,
        username: email.username,
        password: email.password,
        fromAddr: email.from_addr,
        toAddrs: email.to_addrs,
        loggerName: config.logger_name,
      }),
    );
  }
  const { syslog } = config.sinks;
  if (syslog.enabled) {
    sinks.push(
      new SyslogSink({
        ...remoteOptions("syslog", syslog),
        host: syslog.host,
        port: syslog.port,
        protocol: syslog.protocol,
        facility: syslog.facility,
        appName: syslog.app_name,
        hostname: syslog.hostname,
        caFile: syslog.ca_file === undefined ? undefined : path.resolve(environment.cwd, syslog.ca_file),
      }),
    );
  }
  const { otlp } = config.sinks;
  if (otlp.enabled) {
    for (const pkg of OTLP_PEERS) requirePeer(pkg, "the otlp sink");
    sinks.push(
      new OpenTelemetrySink({
        name: "otlp",
        minLevel: otlp.min_level,
        batchMs: otlp.batch_ms,
        maxQueue: otlp.max_queue,
        timeoutMs: otlp.timeout_ms,
        otlp: { endpoint: otlp.endpoint, headers: otlp.headers, serviceName: otlp.service_name ?? config.logger_name, gzip: otlp.gzip },
      }),
    );
  }
  return sinks;
}

/** What `sinks.otlp` builds its pipeline from (optional peers, checked at construction). */
const OTLP_PEERS = [
  "@opentelemetry/api",
  "@opentelemetry/api-logs",
  "@opentelemetry/sdk-logs",
  "@opentelemetry/exporter-logs-otlp-http",
  "@opentelemetry/resources",
] as const;

/** The keys every remote sink shares, from snake_case config to the sink's options. */
function remoteOptions(
  name: string,
  config: { min_level: LevelNumber; batch_ms: number; max_queue: number; timeout_ms: number; max_retries: number },
): RemoteSinkOptions {
  return {
    name,
    minLevel: config.min_level,
    batchMs: config.batch_ms,
    maxQueue: config.max_queue,
    timeoutMs: config.timeout_ms,
    maxRetries: config.max_retries,
  };
}

/**
 * An optional peer must be installed before a sink that needs it is built: found now, at
 * construction, not at the first alert. It is imported later, on the sink's first send.
 */
function requirePeer(pkg: string, forWhat: string): void {
  try {
    createRequire(import.meta.url).resolve(pkg);
  } catch {
    throw new MissingPeerError(pkg, forWhat);
  }
}
