import type { OutgoingMessage } from "../core/delivery.js";
import { FlowlogSinkError } from "../core/errors.js";
import { Level } from "../core/levels.js";
import type { LogRecord } from "../core/record.js";
import { otelLogFields } from "../format/otel.js";
import { createOtelEmitter, loadOtelApi, type OtelEmitter, type OtelLoggerProvider, type OtelOutgoing } from "../io/otel-logs.js";
import { createOtlpPipeline, type OtlpExportOptions } from "../io/otlp-export.js";
import { SecretScrubber } from "../io/scrub.js";
import { RemoteSink, type AlertTransport, type RemoteSinkOptions } from "./remote-sink.js";

export type { OtelLoggerProvider };

/** The OTLP/HTTP pipeline flowlog builds with the official SDK when you have none. */
export interface OtlpOptions extends Omit<OtlpExportOptions, "timeoutMs" | "maxBatch" | "serviceName"> {
  /** `service.name` of the resource; default the logger name of the first record. */
  readonly serviceName?: string;
}

export interface OpenTelemetrySinkOptions extends Omit<RemoteSinkOptions, "coalesceMs"> {
  /**
   * The LoggerProvider to emit to (your SDK's). Default: the global one (`logs.getLoggerProvider()`
   * of `@opentelemetry/api-logs`). "Delivered" then means handed to it: its processors and
   * exporter own delivery from there.
   */
  readonly loggerProvider?: OtelLoggerProvider;
  /**
   * Instead of a provider: flowlog builds `@opentelemetry/sdk-logs` with a BatchLogRecordProcessor
   * and `@opentelemetry/exporter-logs-otlp-http` to this endpoint. "Delivered" then means the
   * receiver answered 2xx for the export that carried the record (the exporter's own retries
   * included); a failed export fails its records, which go to the dead letter.
   */
  readonly otlp?: OtlpOptions;
}

/** Records per batch, and so per OTLP export: the SDK's own default export batch size. */
const MAX_BATCH = 512;

/**
 * Records to OpenTelemetry: each record becomes one api-logs LogRecord (severity per the README's
 * level table, body the message, `extra` flattened into attributes, the exception per the
 * semantic conventions, the record's span as its context). A {@link RemoteSink} without alert
 * coalescing: batching, the bounded queue, the dead letter and the report come from there.
 *
 * `@opentelemetry/api-logs` and `@opentelemetry/api` are optional peers, imported on the first
 * send; when missing, the sink fails with a message naming the `npm install`.
 */
export class OpenTelemetrySink extends RemoteSink<readonly OtelOutgoing[]> {
  readonly #provider: OtelLoggerProvider | undefined;
  readonly #otlp: OtlpOptions | undefined;
  readonly #scrubber: SecretScrubber;

  constructor(options: OpenTelemetrySinkOptions = {}) {
    // The exporter retries on its own (otlp), and emitting to a provider cannot be retried usefully.
    super(options.otlp === undefined ? "opentelemetry" : "otlp", { minLevel: Level.INFO, batchMs: 200, maxRetries: 0, ...options, coalesceMs: 0 }, MAX_BATCH);
    if (options.loggerProvider !== undefined && options.otlp !== undefined) {
      throw new FlowlogSinkError("OpenTelemetrySink takes a loggerProvider or otlp options, not both");
    }
    if (options.loggerProvider !== undefined && typeof options.loggerProvider.getLogger !== "function") {
      throw new FlowlogSinkError("OpenTelemetrySink loggerProvider must have getLogger(name)");
    }
    if (options.otlp !== undefined) checkEndpoint(options.otlp.endpoint);
    this.#provider = options.loggerProvider;
    this.#otlp = options.otlp;
    this.#scrubber = new SecretScrubber(Object.values(options.otlp?.headers ?? {}));
  }

  /** One message for the whole batch: one emit each, and (otlp) one export. */
  protected format(records: readonly LogRecord[]): OutgoingMessage<readonly OtelOutgoing[]>[] {
    return [{ body: records.map((record) => ({ fields: otelLogFields(record), record })), records: records.map((_, index) => index) }];
  }

  protected openTransport(): AlertTransport<readonly OtelOutgoing[]> {
    const otlp = this.#otlp;
    if (otlp !== undefined) {
      let pipeline: ReturnType<typeof createOtlpPipeline> | undefined;
      return {
        send: (logs, signal) => {
          pipeline ??= createOtlpPipeline(
            { ...otlp, serviceName: otlp.serviceName ?? logs[0]?.record.logger ?? "flowlog", timeoutMs: this.timeoutMs, maxBatch: MAX_BATCH },
            this.#scrubber,
          );
          return pipeline.exportBatch(logs, signal);
        },
        close: () => pipeline?.shutdown(),
      };
    }
    let emitter: Promise<OtelEmitter> | undefined;
    return {
      send: async (logs) => {
        try {
          emitter ??= loadOtelApi().then((api) => createOtelEmitter(api, this.#provider, this.#scrubber));
          return (await emitter).emit(logs);
        } catch (err) {
          emitter = undefined;
          return { kind: "permanent", error: this.#scrubber.scrubError(err), disableSink: true };
        }
      },
      close: () => undefined,
    };
  }
}

function checkEndpoint(endpoint: unknown): void {
  let url: URL | undefined;
  try {
    url = typeof endpoint === "string" ? new URL(endpoint) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    // Not echoed: an endpoint may carry a credential in its user info or query.
    throw new FlowlogSinkError("OpenTelemetrySink otlp.endpoint must be an http:// or https:// URL");
  }
}
