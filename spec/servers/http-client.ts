import { Agent, request } from "undici";

/** One undici Agent for the server specs, with short keep-alive so no socket outlives a test. */
export const agent = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as is. */
  body?: string;
  /** Sent as JSON with Content-Type application/json. */
  json?: unknown;
  /** Sent form-encoded. */
  form?: Record<string, string>;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

/** A request to a loopback server; the body is always read completely. */
export async function call(url: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  } else if (options.form !== undefined) {
    body = new URLSearchParams(options.form).toString();
    headers["content-type"] ??= "application/x-www-form-urlencoded";
  }
  const res = await request(url, {
    method: (options.method ?? "POST") as "POST",
    headers,
    body,
    dispatcher: agent,
    signal: options.signal ?? AbortSignal.timeout(5000),
    headersTimeout: 5000,
    bodyTimeout: 5000,
  });
  const text = await res.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) flat[k] = Array.isArray(v) ? v.join(", ") : String(v);
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: flat, text, json };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
