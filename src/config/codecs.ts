import * as t from "io-ts";
import { LevelFromNameOrNumber } from "./levels-codec.js";
import {
  BooleanFromWord,
  ChatId,
  Colors,
  EmailAddress,
  EmailAddressList,
  FilePath,
  HostName,
  HttpUrl,
  NonNegativeInteger,
  PhoneNumber,
  Port,
  PositiveInteger,
  SyslogFacility,
  SyslogProtocol,
  Text,
  Token,
  optional,
} from "./scalars.js";
import { fail } from "./validation.js";

/*
 * The schema of flowlog.yaml / flowlog.json / the code `config`, as io-ts codecs. Each struct
 * exists twice: full (`t.type`: every key present, what the merged config is) and partial
 * (`t.partial`: what one layer may give). Both are `t.exact`, which drops unknown keys
 * silently; `scan.ts` reports them before decoding. Defaults live in `defaults.ts`.
 */

// -------------------------------------------------------------------------------------
// props: one object per struct, shared by the full and partial codecs
// -------------------------------------------------------------------------------------

const sinkProps = {
  enabled: BooleanFromWord,
  min_level: LevelFromNameOrNumber,
};

/** Delivery policy of every remote sink. */
const remoteProps = {
  ...sinkProps,
  batch_ms: NonNegativeInteger,
  max_queue: PositiveInteger,
  timeout_ms: PositiveInteger,
  max_retries: NonNegativeInteger,
};

export const TerminalProps = {
  ...sinkProps,
  stderr_level: LevelFromNameOrNumber,
  colors: Colors,
};

export const FileProps = {
  ...sinkProps,
  path: FilePath,
  max_bytes: NonNegativeInteger,
  backup_count: NonNegativeInteger,
};

export const DiscordProps = {
  ...remoteProps,
  webhook_url: optional(HttpUrl),
  username: optional(Text),
};

export const EmailProps = {
  ...remoteProps,
  smtp_host: optional(HostName),
  smtp_port: Port,
  use_tls: BooleanFromWord,
  username: optional(Text),
  password: optional(Text),
  from_addr: optional(EmailAddress),
  to_addrs: EmailAddressList,
};

export const TelegramProps = {
  ...remoteProps,
  bot_token: optional(Token),
  chat_id: optional(ChatId),
  api_base: HttpUrl,
};

export const WhatsAppProps = {
  ...remoteProps,
  account_sid: optional(Text),
  auth_token: optional(Token),
  from_number: optional(PhoneNumber),
  to_number: optional(PhoneNumber),
  api_base: HttpUrl,
};

/** Ships every record to a syslog server (rsyslog, syslog-ng): not an alert sink, so no coalescing. */
export const SyslogProps = {
  ...remoteProps,
  host: HostName,
  /** Unset: 514 for udp and tcp, 6514 for tls. */
  port: optional(Port),
  protocol: SyslogProtocol,
  facility: SyslogFacility,
  /** Unset: the logger name. */
  app_name: optional(Text),
  /** Unset: os.hostname(). */
  hostname: optional(Text),
  ca_file: optional(FilePath),
};

export const DeadLetterProps = {
  enabled: BooleanFromWord,
  path: FilePath,
};

/** Every sink key of `sinks:` with its props, in the order of the product's table. */
export const SINK_PROPS = {
  terminal: TerminalProps,
  file_text: FileProps,
  file_json: FileProps,
  file_csv: FileProps,
  file_markdown: FileProps,
  discord: DiscordProps,
  email: EmailProps,
  telegram: TelegramProps,
  whatsapp: WhatsAppProps,
  syslog: SyslogProps,
} as const;

export type SinkName = keyof typeof SINK_PROPS;
export const SINK_NAMES = Object.freeze(Object.keys(SINK_PROPS) as SinkName[]);
export const FILE_SINK_NAMES = Object.freeze(["file_text", "file_json", "file_csv", "file_markdown"] as const);
export const REMOTE_SINK_NAMES = Object.freeze(["discord", "email", "telegram", "whatsapp", "syslog"] as const);

export const TopLevelProps = {
  logger_name: optional(Text),
  /** Unknown keys are errors instead of warnings. */
  strict: BooleanFromWord,
};

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

const OBJECT_EXPECTED = "expected an object (a mapping of keys)";

function isRecord(u: unknown): u is Record<string, unknown> {
  return Object.prototype.toString.call(u) === "[object Object]";
}

/** Fails with a readable message on anything but a mapping, then defers to the struct codec. */
function mapping<C extends t.Mixed>(codec: C): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> {
  return new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    codec.name,
    codec.is,
    (u, c) => (isRecord(u) ? codec.validate(u, c) : fail(u, c, OBJECT_EXPECTED)),
    codec.encode,
  );
}

/** Every key required: the shape of the merged config. */
function full<P extends t.Props>(props: P) {
  return mapping(t.exact(t.type(props)));
}

/** Every key optional, and a section left empty in YAML (`discord:` = null) counts as absent. */
function partial<P extends t.Props>(props: P) {
  const codec = mapping(t.exact(t.partial(props)));
  return new t.Type<t.TypeOf<typeof codec> | undefined, t.OutputOf<typeof codec> | undefined, unknown>(
    codec.name,
    (u): u is t.TypeOf<typeof codec> | undefined => u === undefined || codec.is(u),
    (u, c) => (u === null || u === undefined ? t.success(undefined) : codec.validate(u, c)),
    (a) => (a === undefined ? undefined : codec.encode(a)),
  );
}

// -------------------------------------------------------------------------------------
// the full config: what loadConfig returns
// -------------------------------------------------------------------------------------

export const TerminalConfig = full(TerminalProps);
export type TerminalConfig = t.TypeOf<typeof TerminalConfig>;
export const FileConfig = full(FileProps);
export type FileConfig = t.TypeOf<typeof FileConfig>;
export const DiscordConfig = full(DiscordProps);
export type DiscordConfig = t.TypeOf<typeof DiscordConfig>;
export const EmailConfig = full(EmailProps);
export type EmailConfig = t.TypeOf<typeof EmailConfig>;
export const TelegramConfig = full(TelegramProps);
export type TelegramConfig = t.TypeOf<typeof TelegramConfig>;
export const WhatsAppConfig = full(WhatsAppProps);
export type WhatsAppConfig = t.TypeOf<typeof WhatsAppConfig>;
export const SyslogConfig = full(SyslogProps);
export type SyslogConfig = t.TypeOf<typeof SyslogConfig>;
export const DeadLetterConfig = full(DeadLetterProps);
export type DeadLetterConfig = t.TypeOf<typeof DeadLetterConfig>;

export const SinksConfig = full({
  terminal: TerminalConfig,
  file_text: FileConfig,
  file_json: FileConfig,
  file_csv: FileConfig,
  file_markdown: FileConfig,
  discord: DiscordConfig,
  email: EmailConfig,
  telegram: TelegramConfig,
  whatsapp: WhatsAppConfig,
  syslog: SyslogConfig,
});
export type SinksConfig = t.TypeOf<typeof SinksConfig>;

/** The effective configuration: every key present, optional ones `undefined` when unset. */
export const FlowlogConfig = full({
  ...TopLevelProps,
  dead_letter: DeadLetterConfig,
  sinks: SinksConfig,
});
export type FlowlogConfig = t.TypeOf<typeof FlowlogConfig>;

// -------------------------------------------------------------------------------------
// one layer: what a file, .env, the environment or code may give
// -------------------------------------------------------------------------------------

export const FlowlogConfigLayer = mapping(
  t.exact(
    t.partial({
      ...TopLevelProps,
      dead_letter: partial(DeadLetterProps),
      sinks: partial({
        terminal: partial(TerminalProps),
        file_text: partial(FileProps),
        file_json: partial(FileProps),
        file_csv: partial(FileProps),
        file_markdown: partial(FileProps),
        discord: partial(DiscordProps),
        email: partial(EmailProps),
        telegram: partial(TelegramProps),
        whatsapp: partial(WhatsAppProps),
        syslog: partial(SyslogProps),
      }),
    }),
  ),
);
export type FlowlogConfigLayer = t.TypeOf<typeof FlowlogConfigLayer>;
