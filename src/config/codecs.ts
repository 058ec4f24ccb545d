import type * as t from "io-ts";
import { lazyCodec } from "./lazy-codec.js";
import { ioTs } from "./lazy-packages.js";
import { LevelFromNameOrNumber } from "./levels-codec.js";
import {
  BooleanFromWord,
  ChatId,
  Colors,
  EmailAddress,
  EmailAddressList,
  FilePath,
  HeaderMap,
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
import { fail, succeed } from "./validation.js";
import type { SectionInput } from "./accepts.js";

/*
 * The schema of flowlog.yaml / flowlog.json / the code `config`, as io-ts codecs. Each struct
 * exists twice: full (`t.type`: every key present, what the merged config is) and partial
 * (`t.partial`: what one layer may give). Both are `t.exact`, which drops unknown keys
 * silently; `scan.ts` reports them before decoding. Defaults live in `defaults.ts`. Every codec
 * is built by its first use (lazyCodec): importing flowlog does not load io-ts.
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

/**
 * Ships every record to an OpenTelemetry Collector (or any OTLP/HTTP receiver) through the
 * official SDK. No `max_retries`: the SDK's exporter retries on its own (within `timeout_ms`).
 */
export const OtlpProps = {
  ...sinkProps,
  batch_ms: NonNegativeInteger,
  max_queue: PositiveInteger,
  timeout_ms: PositiveInteger,
  endpoint: HttpUrl,
  /** Secret: masked everywhere. */
  headers: HeaderMap,
  /** Unset: the logger name. */
  service_name: optional(Text),
  gzip: BooleanFromWord,
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
  otlp: OtlpProps,
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
  return new (ioTs().Type)<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    codec.name,
    codec.is,
    (u, c) => (isRecord(u) ? codec.validate(u, c) : fail(u, c, OBJECT_EXPECTED)),
    codec.encode,
  );
}

/** Every key required: the shape of the merged config. */
function full<P extends t.Props>(props: P) {
  return lazyCodec(() => mapping(ioTs().exact(ioTs().type(props))));
}

/** Every key optional, and a section left empty in YAML (`discord:` = null) counts as absent. */
function partial<P extends t.Props>(props: P) {
  type Codec = ReturnType<typeof mapping<t.ExactC<t.PartialC<P>>>>;
  return lazyCodec(() => {
    const codec: Codec = mapping(ioTs().exact(ioTs().partial(props)));
    return new (ioTs().Type)<t.TypeOf<Codec> | undefined, t.OutputOf<Codec> | undefined, unknown>(
      codec.name,
      (u): u is t.TypeOf<Codec> | undefined => u === undefined || codec.is(u),
      (u, c) => (u === null || u === undefined ? succeed(undefined) : codec.validate(u, c)),
      (a) => (a === undefined ? undefined : codec.encode(a)),
    );
  });
}

// -------------------------------------------------------------------------------------
// the full config: what loadConfig returns
// -------------------------------------------------------------------------------------

type SinkProps = typeof SINK_PROPS;
type FullCodec<P extends t.Props> = ReturnType<typeof full<P>>;
type PartialCodec<P extends t.Props> = ReturnType<typeof partial<P>>;

/**
 * One codec per sink key of SINK_PROPS, so a sink added there is in every codec and type below.
 * The caller names the per-key type (TypeScript cannot map a generic function over keys).
 */
function perSink<Codecs>(make: (props: t.Props) => t.Mixed): Codecs {
  return Object.fromEntries(SINK_NAMES.map((sink) => [sink, make(SINK_PROPS[sink])])) as Codecs;
}

const fullSinkCodecs = perSink<{ [S in SinkName]: FullCodec<SinkProps[S]> }>(full);

export const DeadLetterConfig = full(DeadLetterProps);
export type DeadLetterConfig = t.TypeOf<typeof DeadLetterConfig>;

export const SinksConfig = full(fullSinkCodecs);
export type SinksConfig = t.TypeOf<typeof SinksConfig>;
export type TerminalConfig = SinksConfig["terminal"];
export type FileConfig = SinksConfig["file_text"];
export type DiscordConfig = SinksConfig["discord"];
export type EmailConfig = SinksConfig["email"];
export type TelegramConfig = SinksConfig["telegram"];
export type WhatsAppConfig = SinksConfig["whatsapp"];
export type SyslogConfig = SinksConfig["syslog"];
export type OtlpConfig = SinksConfig["otlp"];

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

const partialSinkCodecs = perSink<{ [S in SinkName]: PartialCodec<SinkProps[S]> }>(partial);

export const FlowlogConfigLayer = lazyCodec(() =>
  mapping(
    ioTs().exact(
      ioTs().partial({
        ...TopLevelProps,
        dead_letter: partial(DeadLetterProps),
        sinks: partial(partialSinkCodecs),
      }),
    ),
  ),
);
export type FlowlogConfigLayer = t.TypeOf<typeof FlowlogConfigLayer>;

/**
 * The configuration code may give (`new Logger(name, { config })`): every key optional at every
 * depth, each leaf typed as its codec accepts it from code (levels by name or number, booleans,
 * numbers, lists), so a misspelled key, a wrong type or an unknown level name does not compile.
 * Derived from the same props as the codecs: it cannot drift from what decoding accepts.
 */
export type FlowlogConfigInput = SectionInput<typeof TopLevelProps> & {
  readonly dead_letter?: SectionInput<typeof DeadLetterProps>;
  readonly sinks?: { readonly [S in SinkName]?: SectionInput<SinkProps[S]> };
};
