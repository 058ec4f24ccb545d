import type { AttemptOutcome } from "../core/attempt-outcome.js";
import type { LogRecord } from "../core/record.js";
import { importPeer, type PeerImporter } from "./optional-peer.js";
import type { SecretScrubber } from "./scrub.js";

/**
 * The OpenTelemetry Logs API (`@opentelemetry/api-logs`, with `@opentelemetry/api` for the span
 * context), optional peers loaded on the OpenTelemetry sink's first send. Only the part flowlog
 * uses is typed, structurally, so flowlog's types need neither package.
 */

/** An api-logs Logger, as far as flowlog uses it. */
export interface OtelLogger {
  emit(logRecord: Record<string, unknown>): void;
}

/** An api-logs LoggerProvider (the SDK's, or any other), as far as flowlog uses it. */
export interface OtelLoggerProvider {
  getLogger(name: string, version?: string): OtelLogger;
}

interface LogsApiModule {
  logs: { getLoggerProvider(): OtelLoggerProvider };
}

interface TraceApiModule {
  ROOT_CONTEXT: unknown;
  trace: { setSpanContext(context: unknown, spanContext: { traceId: string; spanId: string; traceFlags: number; isRemote?: boolean }): unknown };
}

/** The two API packages, loaded. */
export interface OtelApi {
  /** The global LoggerProvider (a no-op one until an SDK registers). */
  globalProvider(): OtelLoggerProvider;
  /** An api Context whose span is the record's (the root context when it has none), for the log record's `context`. */
  spanContext(record: LogRecord): unknown;
}

/** Importers of both packages; tests replace them to play "not installed". */
export interface OtelApiImporters {
  readonly logs: PeerImporter;
  readonly api: PeerImporter;
}

const DEFAULT_IMPORTERS: OtelApiImporters = {
  logs: () => import("@opentelemetry/api-logs"),
  api: () => import("@opentelemetry/api"),
};

/** The scope every flowlog record is emitted under (OTLP `scopeLogs[].scope.name`). */
export const OTEL_SCOPE_NAME = "flowlog";

const FOR_WHAT = "the OpenTelemetry sink";

/**
 * Imports both API packages. Throws MissingPeerError ("the OpenTelemetry sink needs the optional
 * package "@opentelemetry/api-logs": run `npm install @opentelemetry/api-logs`") when either is
 * missing.
 */
export async function loadOtelApi(importers: OtelApiImporters = DEFAULT_IMPORTERS): Promise<OtelApi> {
  const [logsModule, traceModule] = await Promise.all([
    importPeer("@opentelemetry/api-logs", FOR_WHAT, importers.logs, (m): m is LogsApiModule => typeof (m as Partial<LogsApiModule> | null)?.logs?.getLoggerProvider === "function"),
    importPeer("@opentelemetry/api", FOR_WHAT, importers.api, (m): m is TraceApiModule => typeof (m as Partial<TraceApiModule> | null)?.trace?.setSpanContext === "function"),
  ]);
  return {
    globalProvider: () => logsModule.logs.getLoggerProvider(),
    // A record without a span gets the root context, never the one active when the batch runs:
    // the SDK would otherwise take the span of whatever call started the batch timer.
    spanContext: (record) =>
      record.trace_id === undefined || record.span_id === undefined
        ? traceModule.ROOT_CONTEXT
        : traceModule.trace.setSpanContext(traceModule.ROOT_CONTEXT, {
            traceId: record.trace_id,
            spanId: record.span_id,
            traceFlags: record.trace_flags ?? 0,
          }),
  };
}

/** A record ready to emit: its OTel fields and the record itself (for the span context). */
export interface OtelOutgoing {
  /** The api-logs LogRecord fields (format/otel.ts makes them); `context` is added here. */
  readonly fields: object;
  readonly record: LogRecord;
}

/** Emits records to an api-logs LoggerProvider; the sink's transport. */
export interface OtelEmitter {
  /** Emits every record; never throws: what the provider throws becomes a permanent outcome, scrubbed. */
  emit(logs: readonly OtelOutgoing[]): AttemptOutcome;
}

/** An emitter on a loaded API: to `provider`, or to the global provider when none is given. */
export function createOtelEmitter(api: OtelApi, provider: OtelLoggerProvider | undefined, scrubber: SecretScrubber): OtelEmitter {
  const logger = (provider ?? api.globalProvider()).getLogger(OTEL_SCOPE_NAME);
  return {
    emit(logs) {
      try {
        for (const { fields, record } of logs) {
          logger.emit({ ...fields, context: api.spanContext(record) });
        }
        return { kind: "ok" };
      } catch (err) {
        return { kind: "permanent", error: `OpenTelemetry logger threw: ${scrubber.scrubError(err)}` };
      }
    },
  };
}
