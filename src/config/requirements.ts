import type { FlowlogConfig, SinkName } from "./codecs.js";
import { variableForPath } from "./env-names.js";

/*
 * What an enabled sink cannot work without. Decoding checks each value; this checks that the
 * values a sink needs are there at all, once the layers are merged (a webhook URL may come from
 * .env while `enabled: true` comes from flowlog.yaml).
 */

/** Keys each sink needs when enabled (file paths have defaults, but an override could not clear them). */
const REQUIRED: { readonly [K in SinkName]: readonly (keyof FlowlogConfig["sinks"][K] & string)[] } = {
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
};

function isMissing(value: unknown): boolean {
  return value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

function requiredMessage(sink: SinkName, key: string): string {
  const variable = variableForPath(["sinks", sink, key]);
  const list = key === "to_addrs" ? ", a comma-separated list" : "";
  return `sinks.${sink}.${key} is required when the ${sink} sink is enabled (set it in flowlog.yaml or ${variable}${list})`;
}

/**
 * One message per missing requirement of every enabled sink, naming the key and the variable
 * that could supply it:
 * `sinks.discord.webhook_url is required when the discord sink is enabled (set it in flowlog.yaml or FLOWLOG_DISCORD_WEBHOOK_URL)`.
 * SMTP credentials go in pairs: a password without a username (or the reverse) is reported too.
 * Empty when every enabled sink has what it needs.
 */
export function missingRequirements(config: FlowlogConfig): string[] {
  const messages: string[] = [];
  for (const sink of Object.keys(REQUIRED) as SinkName[]) {
    const section = config.sinks[sink] as Record<string, unknown> & { enabled: boolean };
    if (!section.enabled) continue;
    for (const key of REQUIRED[sink]) {
      if (isMissing(section[key])) messages.push(requiredMessage(sink, key));
    }
  }
  const email = config.sinks.email;
  if (email.enabled && (email.username === undefined) !== (email.password === undefined)) {
    const [set, unset] = email.username === undefined ? ["password", "username"] : ["username", "password"];
    messages.push(
      `sinks.email.${unset} is required when sinks.email.${set} is set (set it in flowlog.yaml or ${variableForPath(["sinks", "email", unset])})`,
    );
  }
  return messages;
}
