import type { AttemptOutcome } from "../core/attempt-outcome.js";
import { asStatusCode, withFacts } from "../core/failure.js";
import { importPeer, type PeerImporter } from "./optional-peer.js";
import { createOtelEmitter, loadOtelApi, type OtelLoggerProvider, type OtelOutgoing } from "./otel-logs.js";
import type { SecretScrubber } from "./scrub.js";

/**
 * The official OpenTelemetry SDK pipeline for users who have none (`sinks.otlp`):
 * `@opentelemetry/sdk-logs` (a LoggerProvider with a BatchLogRecordProcessor) and
 * `@opentelemetry/exporter-logs-otlp-http` (OTLP/HTTP JSON), all optional peers. flowlog encodes
 * nothing itself; it wraps the exporter only to learn each export's result.
 *
 * What one {@link OtlpPipeline.exportBatch} means: the batch is emitted to the provider, the
 * processor is flushed, and the result the exporter gave for that export (after its own retries:
 * 429, 502, 503, 504 and network errors, up to 5 attempts with backoff and `Retry-After`, within
 * `timeoutMs`) is the outcome. Success means the receiver answered 2xx for the request that
 * carried these records. The caller runs one batch at a time, so each export belongs to one batch.
 */

export interface OtlpExportOptions {
  /** The full logs URL, e.g. `http://127.0.0.1:4318/v1/logs`. */
  readonly endpoint: string;
  /** Sent with every request (an `Authorization` header, an API key): secrets, masked everywhere. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `service.name` of the resource. */
  readonly serviceName: string;
  /** One export (the exporter's retries included) must end within this. */
  readonly timeoutMs: number;
  /** Records per export; the caller never hands more at once. */
  readonly maxBatch: number;
  /** gzip the request body (default false). */
  readonly gzip?: boolean;
}

/** One SDK pipeline; built on the first export. */
export interface OtlpPipeline {
  /** Emits the batch and waits for its export's result; never throws; errors scrubbed. */
  exportBatch(logs: readonly OtelOutgoing[], signal: AbortSignal): Promise<AttemptOutcome>;
  /** Flushes what the processor holds and shuts the provider (and its exporter) down. */
  shutdown(): Promise<void>;
}

/** The SDK packages; tests replace them to play "not installed". */
export interface OtlpImporters {
  readonly sdk: PeerImporter;
  readonly exporter: PeerImporter;
  readonly resources: PeerImporter;
}

const DEFAULT_IMPORTERS: OtlpImporters = {
  sdk: () => import("@opentelemetry/sdk-logs"),
  exporter: () => import("@opentelemetry/exporter-logs-otlp-http"),
  resources: () => import("@opentelemetry/resources"),
};

const FOR_WHAT = "the otlp sink";

interface ExportResult {
  code: number;
  error?: Error;
}

interface SdkExporter {
  export(logs: unknown[], done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

interface SdkProvider extends OtelLoggerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

interface SdkLogsModule {
  LoggerProvider: new (options: { processors: unknown[]; resource: unknown }) => SdkProvider;
  BatchLogRecordProcessor: new (options: Record<string, unknown>) => unknown;
}

interface ExporterModule {
  OTLPLogExporter: new (options: Record<string, unknown>) => SdkExporter;
}

interface ResourcesModule {
  defaultResource(): { merge(other: unknown): unknown };
  resourceFromAttributes(attributes: Record<string, string>): unknown;
}

/** The result of the export that carried one batch; filled by the exporter's callback. */
interface Flight {
  exported: number;
  failed: number;
  error?: Error;
}

/** ExportResultCode.SUCCESS of @opentelemetry/core. */
const SUCCESS = 0;

/** Builds the pipeline lazily: the packages are imported on the first export. */
export function createOtlpPipeline(options: OtlpExportOptions, scrubber: SecretScrubber, importers: OtlpImporters = DEFAULT_IMPORTERS): OtlpPipeline {
  const secrets = scrubber.withSecrets(Object.values(options.headers ?? {}));
  const where = describeEndpoint(options.endpoint);
  let built: Promise<{ provider: SdkProvider; emit: (logs: readonly OtelOutgoing[]) => AttemptOutcome }> | undefined;
  /** The batch being exported now (one at a time); an export started for it reports here. */
  let current: Flight | undefined;
  let shutDown = false;

  async function build() {
    const [api, sdk, exporterModule, resources] = await Promise.all([
      loadOtelApi(),
      importPeer("@opentelemetry/sdk-logs", FOR_WHAT, importers.sdk, (m): m is SdkLogsModule => typeof (m as Partial<SdkLogsModule> | null)?.LoggerProvider === "function"),
      importPeer("@opentelemetry/exporter-logs-otlp-http", FOR_WHAT, importers.exporter, (m): m is ExporterModule => typeof (m as Partial<ExporterModule> | null)?.OTLPLogExporter === "function"),
      importPeer("@opentelemetry/resources", FOR_WHAT, importers.resources, (m): m is ResourcesModule => typeof (m as Partial<ResourcesModule> | null)?.resourceFromAttributes === "function"),
    ]);
    const exporter = new exporterModule.OTLPLogExporter({
      url: options.endpoint,
      headers: { ...options.headers },
      timeoutMillis: options.timeoutMs,
      compression: options.gzip === true ? "gzip" : "none",
    });
    const tracking: SdkExporter = {
      export(logs, done) {
        const flight = current;
        exporter.export(logs, (result) => {
          if (flight !== undefined) {
            if (result.code === SUCCESS) flight.exported += logs.length;
            else {
              flight.failed += logs.length;
              flight.error = result.error;
            }
          }
          done(result);
        });
      },
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush(),
    };
    const processor = new sdk.BatchLogRecordProcessor({
      exporter: tracking,
      // flowlog batches, bounds and sheds before this point: the processor only forwards a batch.
      maxExportBatchSize: options.maxBatch,
      maxQueueSize: options.maxBatch,
      scheduledDelayMillis: options.timeoutMs,
      // A little longer than the exporter's own deadline, so the exporter's error is the one seen.
      exportTimeoutMillis: options.timeoutMs + 1000,
    });
    const resource = resources.defaultResource().merge(resources.resourceFromAttributes({ "service.name": options.serviceName }));
    const provider = new sdk.LoggerProvider({ processors: [processor], resource });
    const emitter = createOtelEmitter(api, provider, secrets);
    return { provider, emit: (logs: readonly OtelOutgoing[]) => emitter.emit(logs) };
  }

  async function exportBatch(logs: readonly OtelOutgoing[], signal: AbortSignal): Promise<AttemptOutcome> {
    if (shutDown) return { kind: "permanent", error: "OTLP pipeline shut down" };
    let pipeline: Awaited<NonNullable<typeof built>>;
    try {
      built ??= build();
      pipeline = await built;
    } catch (err) {
      built = undefined;
      return { kind: "permanent", error: secrets.scrubError(err), disableSink: true };
    }
    const flight: Flight = { exported: 0, failed: 0 };
    current = flight;
    try {
      const emitted = pipeline.emit(logs);
      if (emitted.kind !== "ok") return emitted;
      await untilAborted(pipeline.provider.forceFlush(), signal);
    } finally {
      current = undefined;
    }
    if (flight.exported === logs.length) return { kind: "ok" };
    if (signal.aborted) return { kind: "permanent", error: `OTLP export to ${where} stopped before its result` };
    // The exporter already retried what can be retried: flowlog does not send it again.
    if (flight.failed === 0) return { kind: "permanent", error: `OTLP export to ${where}: no result within ${options.timeoutMs + 1000} ms` };
    return withFacts(
      { kind: "permanent", error: `OTLP export to ${where} failed: ${describeExportError(flight.error, secrets)}` },
      { statusCode: asStatusCode((flight.error as { code?: unknown } | undefined)?.code) },
    );
  }

  async function shutdown(): Promise<void> {
    shutDown = true;
    const pending = built;
    built = undefined;
    if (pending === undefined) return;
    try {
      await (await pending).provider.shutdown();
    } catch {
      // Closing never fails the caller; the records were already counted.
    }
  }

  return { exportBatch, shutdown };
}

/** The endpoint as errors show it: origin and path, never credentials or a query. */
function describeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "(invalid endpoint)";
  }
}

function describeExportError(error: Error | undefined, scrubber: SecretScrubber): string {
  if (error === undefined) return "unknown error";
  const status = (error as { code?: unknown }).code;
  const text = scrubber.scrubError(error);
  return typeof status === "number" ? `${text} (HTTP ${status})` : text;
}

/** Resolves when `work` settles or `signal` aborts, whichever comes first. */
function untilAborted(work: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    work.then(done, done);
  });
}
