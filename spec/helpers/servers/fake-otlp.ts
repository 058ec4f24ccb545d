import { ScriptedHttp, type Behaviour, type RecordedRequest } from "./scripted-http.js";

/**
 * An OTLP/HTTP logs receiver (contract §3 and §5.3 of log-shipping.md), as the OpenTelemetry
 * Collector's `otlp` receiver answers: `POST /v1/logs` with `Content-Type: application/json`
 * (the encoding of `@opentelemetry/exporter-logs-otlp-http`), answered `200 {}` in JSON. Each
 * request is decoded into {@link OtlpLogRecord}s: attribute values as plain JS values, with the
 * resource's attributes and the scope name carried on each record.
 *
 * Failures (503, 429 with `Retry-After`, 400) are scripted with `server.http.script(...)`: a
 * scripted answer is not decoded into `records` (the receiver did not take that request).
 * Listens on 127.0.0.1 only; `close()` destroys every socket.
 */

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** One log record as the receiver decoded it. */
export interface OtlpLogRecord {
  readonly resource: Record<string, AttributeValue>;
  readonly scope: string;
  readonly timeUnixNano: string;
  readonly observedTimeUnixNano: string;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: AttributeValue;
  readonly attributes: Record<string, AttributeValue>;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly flags?: number;
  /** The raw JSON of the record, to check its shape. */
  readonly raw: Record<string, unknown>;
}

/** What the receiver found wrong with a request it answered 400. */
export interface OtlpRejection {
  readonly requestIndex: number;
  readonly reason: string;
}

export class FakeOtlp {
  /** Every record of every request the receiver answered 200, in arrival order. */
  readonly records: OtlpLogRecord[] = [];
  readonly rejections: OtlpRejection[] = [];

  private constructor(readonly http: ScriptedHttp) {}

  static async start(): Promise<FakeOtlp> {
    let receiver: FakeOtlp | undefined;
    const http = await ScriptedHttp.start((request) => receiver!.receive(request));
    receiver = new FakeOtlp(http);
    return receiver;
  }

  /** The logs endpoint, for the exporter's `url`. */
  get endpoint(): string {
    return `${this.http.url}/v1/logs`;
  }

  /** Script the next answers (503, 429, ...); then the receiver takes requests again. */
  script(...behaviours: Behaviour[]): this {
    this.http.script(...behaviours);
    return this;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private receive(request: RecordedRequest): Behaviour {
    const reject = (reason: string): Behaviour => {
      this.rejections.push({ requestIndex: request.index, reason });
      return { status: 400, headers: { "content-type": "application/json" }, body: { code: 3, message: reason } };
    };
    if (request.method !== "POST" || request.path !== "/v1/logs") return { status: 404, body: "" };
    if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) return reject("expected application/json");
    let payload: { resourceLogs?: unknown };
    try {
      payload = JSON.parse(request.body) as { resourceLogs?: unknown };
    } catch {
      return reject("body is not JSON");
    }
    if (!Array.isArray(payload.resourceLogs)) return reject("no resourceLogs");
    for (const resourceLogs of payload.resourceLogs as Array<Record<string, any>>) {
      const resource = decodeAttributes(resourceLogs.resource?.attributes);
      for (const scopeLogs of (resourceLogs.scopeLogs ?? []) as Array<Record<string, any>>) {
        for (const raw of (scopeLogs.logRecords ?? []) as Array<Record<string, any>>) {
          this.records.push({
            resource,
            scope: String(scopeLogs.scope?.name ?? ""),
            timeUnixNano: String(raw.timeUnixNano),
            observedTimeUnixNano: String(raw.observedTimeUnixNano),
            severityNumber: raw.severityNumber,
            severityText: raw.severityText,
            body: decodeValue(raw.body),
            attributes: decodeAttributes(raw.attributes),
            traceId: raw.traceId || undefined,
            spanId: raw.spanId || undefined,
            flags: raw.flags,
            raw,
          });
        }
      }
    }
    return { status: 200, headers: { "content-type": "application/json" }, body: {} };
  }
}

function decodeAttributes(list: unknown): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const entry of (Array.isArray(list) ? list : []) as Array<{ key: string; value: unknown }>) out[entry.key] = decodeValue(entry.value);
  return out;
}

/** An OTLP AnyValue in its JSON mapping (`intValue` may be a string: int64). */
function decodeValue(value: unknown): AttributeValue {
  const v = (value ?? {}) as Record<string, any>;
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return Number(v.doubleValue);
  if ("arrayValue" in v) return ((v.arrayValue?.values ?? []) as unknown[]).map(decodeValue);
  if ("kvlistValue" in v) return decodeAttributes(v.kvlistValue?.values);
  return null;
}
