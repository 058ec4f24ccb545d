/**
 * Configuration: io-ts codecs for the schema, four sources decoded as typed layers, merged
 * with fp-ts semigroups over the defaults, secrets masked wherever the config is shown.
 */
export { loadConfig, parseConfig, readLayers, type ConfigProblems, type LoadConfigOptions, type LoadedConfig, type ReadLayers } from "./load.js";
export { loadConfigWithSources, type ConfigWithSources, type ConfigTree } from "./provenance.js";
export { decodeLayer, type DecodedLayer, type RawLayer } from "./layer.js";
export {
  missingRequirements,
  resolveRequirements,
  type ResolvedConfig,
  type EnabledSinkConfig,
  type DisabledSinkConfig,
  type SinkSection,
} from "./requirements.js";
export { maskConfig, maskUrl, SECRET_KEYS, type MaskedFlowlogConfig } from "./secrets.js";
export { DEFAULTS } from "./defaults.js";
export { CONFIG_PATH_VARIABLE, ENV_VARIABLES, variableForPath } from "./env-names.js";
export { CONFIG_FILE_NAMES } from "./sources/file.js";
export {
  FlowlogConfig,
  FlowlogConfigLayer,
  type FlowlogConfigInput,
  type TerminalConfig,
  type FileConfig,
  type DiscordConfig,
  type EmailConfig,
  type TelegramConfig,
  type WhatsAppConfig,
  type SyslogConfig,
  type OtlpConfig,
  DeadLetterConfig,
  SinksConfig,
  SINK_NAMES,
  FILE_SINK_NAMES,
  REMOTE_SINK_NAMES,
  type SinkName,
} from "./codecs.js";
export { LevelFromNameOrNumber } from "./levels-codec.js";
