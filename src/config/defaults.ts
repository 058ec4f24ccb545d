import { Level } from "../core/levels.js";
import type { FlowlogConfig } from "./codecs.js";

/**
 * The built-in defaults: the lowest layer. Every key, its default, and its variable
 * (`FLOWLOG_<SINK>_<KEY>`; `—` means no default, the key is unset):
 *
 * | key | default | environment variable |
 * |---|---|---|
 * | `logger_name` | — (the name given to `new Logger`) | `FLOWLOG_LOGGER_NAME` |
 * | `strict` | `false` | `FLOWLOG_STRICT` |
 * | `dead_letter.enabled` | `true` | `FLOWLOG_DEAD_LETTER_ENABLED` |
 * | `dead_letter.path` | `logs/flowlog-dead-letter.ndjson` | `FLOWLOG_DEAD_LETTER_PATH` |
 * | `sinks.terminal.enabled` | `true` | `FLOWLOG_TERMINAL_ENABLED` |
 * | `sinks.terminal.min_level` | `DEBUG` | `FLOWLOG_TERMINAL_MIN_LEVEL` |
 * | `sinks.terminal.stderr_level` | `ERROR` | `FLOWLOG_TERMINAL_STDERR_LEVEL` |
 * | `sinks.terminal.colors` | `auto` | `FLOWLOG_TERMINAL_COLORS` |
 * | `sinks.file_*.enabled` | `false` | `FLOWLOG_FILE_TEXT_ENABLED`, ... |
 * | `sinks.file_*.min_level` | `DEBUG` | `FLOWLOG_FILE_JSON_MIN_LEVEL`, ... |
 * | `sinks.file_text.path` | `logs/app.log` | `FLOWLOG_FILE_TEXT_PATH` |
 * | `sinks.file_json.path` | `logs/app.ndjson` | `FLOWLOG_FILE_JSON_PATH` |
 * | `sinks.file_csv.path` | `logs/app.csv` | `FLOWLOG_FILE_CSV_PATH` |
 * | `sinks.file_markdown.path` | `logs/app.md` | `FLOWLOG_FILE_MARKDOWN_PATH` |
 * | `sinks.file_*.max_bytes` | `0` (no rotation) | `FLOWLOG_FILE_TEXT_MAX_BYTES`, ... |
 * | `sinks.file_*.backup_count` | `5` | `FLOWLOG_FILE_TEXT_BACKUP_COUNT`, ... |
 * | `sinks.<remote>.enabled` | `false` | `FLOWLOG_DISCORD_ENABLED`, ... |
 * | `sinks.<remote>.min_level` | `ERROR` | `FLOWLOG_DISCORD_MIN_LEVEL`, ... |
 * | `sinks.<remote>.batch_ms` | `2000` | `FLOWLOG_DISCORD_BATCH_MS`, ... |
 * | `sinks.<remote>.max_queue` | `10000` | `FLOWLOG_DISCORD_MAX_QUEUE`, ... |
 * | `sinks.<remote>.timeout_ms` | `5000` | `FLOWLOG_DISCORD_TIMEOUT_MS`, ... |
 * | `sinks.<remote>.max_retries` | `3` | `FLOWLOG_DISCORD_MAX_RETRIES`, ... |
 * | `sinks.discord.webhook_url` (secret) | — | `FLOWLOG_DISCORD_WEBHOOK_URL` |
 * | `sinks.discord.username` | — | `FLOWLOG_DISCORD_USERNAME` |
 * | `sinks.email.smtp_host` | — | `FLOWLOG_EMAIL_SMTP_HOST` |
 * | `sinks.email.smtp_port` | `587` | `FLOWLOG_EMAIL_SMTP_PORT` |
 * | `sinks.email.use_tls` | `false` | `FLOWLOG_EMAIL_USE_TLS` |
 * | `sinks.email.username` | — | `FLOWLOG_EMAIL_USERNAME` |
 * | `sinks.email.password` (secret) | — | `FLOWLOG_EMAIL_PASSWORD` |
 * | `sinks.email.from_addr` | — | `FLOWLOG_EMAIL_FROM_ADDR` |
 * | `sinks.email.to_addrs` | `[]` | `FLOWLOG_EMAIL_TO_ADDRS` (comma-separated) |
 * | `sinks.telegram.bot_token` (secret) | — | `FLOWLOG_TELEGRAM_BOT_TOKEN` |
 * | `sinks.telegram.chat_id` | — | `FLOWLOG_TELEGRAM_CHAT_ID` |
 * | `sinks.telegram.api_base` | `https://api.telegram.org` | `FLOWLOG_TELEGRAM_API_BASE` |
 * | `sinks.whatsapp.account_sid` | — | `FLOWLOG_WHATSAPP_ACCOUNT_SID` |
 * | `sinks.whatsapp.auth_token` (secret) | — | `FLOWLOG_WHATSAPP_AUTH_TOKEN` |
 * | `sinks.whatsapp.from_number` | — | `FLOWLOG_WHATSAPP_FROM_NUMBER` |
 * | `sinks.whatsapp.to_number` | — | `FLOWLOG_WHATSAPP_TO_NUMBER` |
 * | `sinks.whatsapp.api_base` | `https://api.twilio.com` | `FLOWLOG_WHATSAPP_API_BASE` |
 * | `sinks.syslog.min_level` | `INFO` (not ERROR: it ships logs, not alerts) | `FLOWLOG_SYSLOG_MIN_LEVEL` |
 * | `sinks.syslog.batch_ms` | `100` | `FLOWLOG_SYSLOG_BATCH_MS` |
 * | `sinks.syslog.host` | `127.0.0.1` | `FLOWLOG_SYSLOG_HOST` |
 * | `sinks.syslog.port` | — (514 for udp and tcp, 6514 for tls) | `FLOWLOG_SYSLOG_PORT` |
 * | `sinks.syslog.protocol` | `tcp` | `FLOWLOG_SYSLOG_PROTOCOL` |
 * | `sinks.syslog.facility` | `local0` (16) | `FLOWLOG_SYSLOG_FACILITY` |
 * | `sinks.syslog.app_name` | — (the logger name) | `FLOWLOG_SYSLOG_APP_NAME` |
 * | `sinks.syslog.hostname` | — (os.hostname()) | `FLOWLOG_SYSLOG_HOSTNAME` |
 * | `sinks.syslog.ca_file` | — (Node's CAs) | `FLOWLOG_SYSLOG_CA_FILE` |
 *
 * `<remote>` is discord, email, telegram, whatsapp and syslog (whose min_level and batch_ms differ); `file_*` is file_text, file_json,
 * file_csv and file_markdown.
 */

const remoteDelivery = {
  enabled: false,
  min_level: Level.ERROR,
  /** Records are gathered this long before one delivery. */
  batch_ms: 2000,
  /** Records waiting beyond this are dropped, lowest levels first. */
  max_queue: 10000,
  /** One delivery attempt is abandoned after this long. */
  timeout_ms: 5000,
  /** Attempts after the first, with backoff. */
  max_retries: 3,
};

function fileSink(path: string) {
  return { enabled: false, min_level: Level.DEBUG, path, max_bytes: 0, backup_count: 5 };
}

export const DEFAULTS: FlowlogConfig = deepFreeze({
  logger_name: undefined,
  strict: false,
  dead_letter: { enabled: true, path: "logs/flowlog-dead-letter.ndjson" },
  sinks: {
    terminal: { enabled: true, min_level: Level.DEBUG, stderr_level: Level.ERROR, colors: "auto" },
    file_text: fileSink("logs/app.log"),
    file_json: fileSink("logs/app.ndjson"),
    file_csv: fileSink("logs/app.csv"),
    file_markdown: fileSink("logs/app.md"),
    discord: { ...remoteDelivery, webhook_url: undefined, username: undefined },
    email: {
      ...remoteDelivery,
      smtp_host: undefined,
      smtp_port: 587,
      use_tls: false,
      username: undefined,
      password: undefined,
      from_addr: undefined,
      to_addrs: [],
    },
    telegram: { ...remoteDelivery, bot_token: undefined, chat_id: undefined, api_base: "https://api.telegram.org" },
    whatsapp: {
      ...remoteDelivery,
      account_sid: undefined,
      auth_token: undefined,
      from_number: undefined,
      to_number: undefined,
      api_base: "https://api.twilio.com",
    },
    syslog: {
      ...remoteDelivery,
      min_level: Level.INFO,
      batch_ms: 100,
      host: "127.0.0.1",
      port: undefined,
      protocol: "tcp",
      facility: 16,
      app_name: undefined,
      hostname: undefined,
      ca_file: undefined,
    },
  },
});

/** Defaults are shared by every load: nobody may change them. */
function deepFreeze<A extends object>(value: A): A {
  for (const child of Object.values(value)) {
    if (typeof child === "object" && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}
