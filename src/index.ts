// The public surface of flowlog, and nothing else.
export { Logger, type LoggerOptions } from "./logger.js";
export { Level, LEVEL_NAMES, toLevelNumber, tryLevelNumber, levelName, type LevelName, type LevelNumber, type LevelLike } from "./core/levels.js";
export type { LogRecord, LogOptions, SerializedError } from "./core/record.js";
export { stdSerializers, type Serializer } from "./serialize/std-serializers.js";
export type { SerializedRequest, SerializedResponse } from "./serialize/http.js";
export {
  FlowlogError,
  FlowlogConfigError,
  FlowlogSinkError,
  UnknownLevelError,
  MissingPeerError,
  LoggerCompletedError,
  type FlowlogErrorCode,
} from "./core/errors.js";
export type { DeliveryReport, SinkFailure, SinkReport } from "./runtime/sink-report.js";
export type { CompleteOptions } from "./runtime/logger-core.js";
export type { Sink, SinkContext, SinkFunction } from "./sinks/sink.js";
export type { DeliveryEvent, DropReason } from "./core/delivery.js";
export { FileSink, type FileSinkOptions } from "./sinks/file.js";
export { TerminalSink, type TerminalSinkOptions, type TerminalStreams } from "./sinks/terminal.js";
export { FunctionSink, type FunctionSinkOptions } from "./sinks/function-sink.js";
export { WriteSink, type WriteSinkOptions, type WriteBatch } from "./sinks/write-sink.js";
export { DiscordSink, type DiscordSinkOptions } from "./sinks/discord.js";
export { TelegramSink, type TelegramSinkOptions } from "./sinks/telegram.js";
export { WhatsAppSink, type WhatsAppSinkOptions } from "./sinks/whatsapp.js";
export { EmailSink, type EmailSinkOptions } from "./sinks/email.js";
export { SyslogSink, type SyslogSinkOptions, type SyslogProtocol } from "./sinks/syslog.js";
export { OpenTelemetrySink, type OpenTelemetrySinkOptions, type OtlpOptions, type OtelLoggerProvider } from "./sinks/opentelemetry.js";
export { RemoteSink, type RemoteSinkOptions, type AlertTransport } from "./sinks/remote-sink.js";
export {
  loadConfig,
  parseConfig,
  loadConfigWithSources,
  maskConfig,
  type FlowlogConfig,
  type FlowlogConfigInput,
  type ResolvedConfig,
  type MaskedFlowlogConfig,
  type EnabledSinkConfig,
  type ConfigProblems,
  type LoadConfigOptions,
  type LoadedConfig,
  type ConfigWithSources,
  type ConfigTree,
} from "./config/index.js";
export { deliveryPipeline, type BatchingOptions } from "./sinks/pipeline.js";
export { flushableBatch } from "./operators/index.js";
// The operators bound to log records (levels, weights, alert fingerprints); generic in operators/.
export { levelFilter, boundedDelivery, coalesceAlerts } from "./sinks/record-operators.js";
export type { Format } from "./format/index.js";
// The formats exactly as the sinks write them, and the terminal sink's colour rule: for tools
// that read or convert flowlog's files (the `flowlog` command uses these and nothing deeper).
export {
  formatTerminal,
  paintLevel,
  formatText,
  formatterFor,
  escapeControl,
  CSV_HEADER,
  type RecordFormatter,
  type TerminalFormatOptions,
} from "./format/index.js";
export { wantsColor } from "./sinks/terminal.js";
