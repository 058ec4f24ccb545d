import type { Either } from "fp-ts/lib/Either.js";
import type { FlowlogConfig, SinkName, SinksConfig } from "./codecs.js";
import { variableForPath } from "./env-names.js";
import { fpEither } from "./lazy-packages.js";

/*
 * What an enabled sink cannot work without. Decoding checks each value; this checks that the
 * values a sink needs are there at all, once the layers are merged (a webhook URL may come from
 * .env while `enabled: true` comes from flowlog.yaml), and narrows the type to say so: in a
 * ResolvedConfig, an enabled sink's required keys are never undefined.
 */

/** Keys each sink needs when enabled (file paths have defaults, but an override could not clear them). */
export const REQUIRED = {
  terminal: [],
  file_text: ["path"],
  file_json: ["path"],
  file_csv: ["path"],
  file_markdown: ["path"],
  discord: ["webhook_url"],
  email: ["smtp_host", "from_addr", "to_addrs"],
  telegram: ["bot_token", "chat_id"],
  whatsapp: ["account_sid", "auth_token", "from_number", "to_number"],
  syslog: [],
  otlp: [],
} as const satisfies { readonly [S in SinkName]: readonly (keyof SinksConfig[S])[] };

type RequiredKey<S extends SinkName> = (typeof REQUIRED)[S][number] & keyof SinksConfig[S];

/** An enabled sink section: `enabled: true`, and every key it needs set. */
export type EnabledSinkConfig<S extends SinkName> = Omit<SinksConfig[S], "enabled" | RequiredKey<S>> & {
  readonly enabled: true;
} & { readonly [K in RequiredKey<S>]: NonNullable<SinksConfig[S][K]> };

/** A disabled sink section: as decoded, nothing required. */
export type DisabledSinkConfig<S extends SinkName> = Omit<SinksConfig[S], "enabled"> & { readonly enabled: false };

export type SinkSection<S extends SinkName> = EnabledSinkConfig<S> | DisabledSinkConfig<S>;

/**
 * The configuration once every requirement holds: `if (config.sinks.discord.enabled)` narrows
 * `webhook_url` to a string, so the sink wiring needs no casts. What `loadConfig` returns and
 * what `logger.config` shows (secrets masked).
 */
export type ResolvedConfig = Omit<FlowlogConfig, "sinks"> & { readonly sinks: { readonly [S in SinkName]: SinkSection<S> } };

function isMissing(value: unknown): boolean {
  return value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

function requiredMessage(sink: SinkName, key: string): string {
  const variable = variableForPath(["sinks", sink, key]);
  const list = key === "to_addrs" ? ", a comma-separated list" : "";
  return `sinks.${sink}.${key} is required when the ${sink} sink is enabled (set it in flowlog.yaml or ${variable}${list})`;
}

/** `sinks.<sink>.<key>` of a key path, to match against the paths a layer failed to decode. */
function dotted(sink: SinkName, key: string): string {
  return `sinks.${sink}.${key}`;
}

/**
 * Checks every enabled sink's requirements and returns the config, typed as resolved, or one
 * message per missing key naming the key and the variable that could supply it:
 * `sinks.discord.webhook_url is required when the discord sink is enabled (set it in flowlog.yaml or FLOWLOG_DISCORD_WEBHOOK_URL)`.
 * A key in `invalid` (dotted paths some layer gave a bad value for, already reported) is not
 * reported again as missing. SMTP credentials go in pairs: a password without a username (or the
 * reverse) is reported too.
 */
export function resolveRequirements(config: FlowlogConfig, invalid: ReadonlySet<string> = new Set()): Either<string[], ResolvedConfig> {
  const messages: string[] = [];
  for (const sink of Object.keys(REQUIRED) as SinkName[]) {
    const section: { readonly enabled: boolean } & Readonly<Record<string, unknown>> = config.sinks[sink];
    if (!section.enabled) continue;
    for (const key of REQUIRED[sink] as readonly string[]) {
      if (isMissing(section[key]) && !invalid.has(dotted(sink, key))) messages.push(requiredMessage(sink, key));
    }
  }
  const email = config.sinks.email;
  if (email.enabled && (email.username === undefined) !== (email.password === undefined)) {
    const [set, unset] = email.username === undefined ? ["password", "username"] : ["username", "password"];
    if (!invalid.has(dotted("email", unset))) {
      messages.push(
        `sinks.email.${unset} is required when sinks.email.${set} is set (set it in flowlog.yaml or ${variableForPath(["sinks", "email", unset])})`,
      );
    }
  }
  // The checks above are what the ResolvedConfig type states: the one place that vouches for it.
  return messages.length > 0 ? fpEither().left(messages) : fpEither().right(config as ResolvedConfig);
}

/** The messages of resolveRequirements alone: empty when every enabled sink has what it needs. */
export function missingRequirements(config: FlowlogConfig): string[] {
  const resolved = resolveRequirements(config);
  return resolved._tag === "Left" ? resolved.left : [];
}
