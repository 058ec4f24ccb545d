import { Level } from "../core/levels.js";
import type { FlowlogConfig } from "./codecs.js";

/**
 * The built-in defaults: the lowest layer. The README documents each key with its default (in
 * the section of its sink) and how a key names its variable (Configuration); the values here
 * are the ones that apply, so they are not repeated in a table here to drift apart.
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
    otlp: {
      enabled: false,
      min_level: Level.INFO,
      batch_ms: 200,
      max_queue: 10000,
      timeout_ms: 10000,
      endpoint: "http://127.0.0.1:4318/v1/logs",
      headers: {},
      service_name: undefined,
      gzip: false,
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
