/**
 * Configuration: io-ts codecs for the schema, four sources decoded as typed layers, merged
 * with fp-ts semigroups over the defaults, secrets masked wherever the config is shown.
 */
export { loadConfig, type LoadConfigOptions, type LoadedConfig } from "./load.js";
export { missingRequirements } from "./requirements.js";
export { maskConfig, maskUrl, SECRET_KEYS, type MaskedFlowlogConfig } from "./secrets.js";
export { DEFAULTS } from "./defaults.js";
export { CONFIG_PATH_VARIABLE, ENV_VARIABLES, variableForPath } from "./env-names.js";
export { CONFIG_FILE_NAMES } from "./sources/file.js";
export {
  FlowlogConfig,
  FlowlogConfigLayer,
  TerminalConfig,
  FileConfig,
  DiscordConfig,
  EmailConfig,
  TelegramConfig,
  WhatsAppConfig,
  DeadLetterConfig,
  SinksConfig,
  SINK_NAMES,
  FILE_SINK_NAMES,
  REMOTE_SINK_NAMES,
  type SinkName,
} from "./codecs.js";
export { LevelFromNameOrNumber } from "./levels-codec.js";
