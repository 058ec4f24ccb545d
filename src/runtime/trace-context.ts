import { createRequire } from "node:module";

/*
 * The OpenTelemetry span active at a log call, read in the call (a batch runs later, outside the
 * caller's context). `@opentelemetry/api` is an optional peer. Without a registered context
 * manager (no SDK set up) no span can be active: the call stops at one property read of the API's
 * global and the API is never loaded. It is looked up, synchronously and once, by the first call
 * made while a context manager is registered: the application has loaded the API by then, so the
 * lookup finds it in the module cache instead of loading it inside a log call (a cold require of
 * the API took 10-30 ms, the slowest call of a whole burst).
 */

/** The part of @opentelemetry/api read here. */
interface TraceApi {
  trace: { getActiveSpan(): { spanContext(): { traceId: string; spanId: string; traceFlags: number } } | undefined };
}

/** The span of a log call, as the record carries it. */
export interface TraceIds {
  readonly trace_id: string;
  readonly span_id: string;
  readonly trace_flags: number;
}

/** Where @opentelemetry/api 1.x registers its globals (the context manager among them). */
const API_GLOBALS = Symbol.for("opentelemetry.js.api.1");
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const INVALID_TRACE_ID = "0".repeat(32);

/** undefined: not looked up yet; null: not installed; else the API. */
let api: TraceApi | null | undefined;

/** The active span's ids, or undefined (no API, no context manager, no span, or an invalid one). */
export function activeTraceIds(): TraceIds | undefined {
  if (api === null || (globalThis as Record<symbol, { context?: unknown } | undefined>)[API_GLOBALS]?.context === undefined) return undefined;
  if (api === undefined) api = loadTraceApi();
  if (api === null) return undefined;
  try {
    const span = api.trace.getActiveSpan()?.spanContext();
    if (span === undefined || span.traceId === INVALID_TRACE_ID || !TRACE_ID.test(span.traceId) || !SPAN_ID.test(span.spanId)) return undefined;
    return { trace_id: span.traceId, span_id: span.spanId, trace_flags: span.traceFlags };
  } catch {
    // A broken context manager never costs the caller its record.
    return undefined;
  }
}

function loadTraceApi(): TraceApi | null {
  try {
    const mod = createRequire(import.meta.url)("@opentelemetry/api") as Partial<TraceApi>;
    return typeof mod.trace?.getActiveSpan === "function" ? (mod as TraceApi) : null;
  } catch {
    return null;
  }
}
