/**
 * The built-in serializers for Node's HTTP objects: what a log line needs from an
 * `IncomingMessage` or a `ServerResponse`, instead of the 20 KB of sockets, parsers and
 * timers that walking one would print. Used by toSafeValue for those classes wherever they
 * appear in `extra`, and exported as `stdSerializers.req` / `.res` for a `serializers` option.
 *
 * Headers that carry credentials never appear: `cookie`, `authorization` and
 * `proxy-authorization` on a request, `set-cookie` on a response. Nothing here throws: a
 * value whose read throws is left out.
 *
 * Recognised by shape, not `instanceof`: only io/ may import node:http, and the shape also
 * covers Express's request and response (whose prototypes are swapped) and HTTP/2's
 * compatibility objects. Only class instances are asked: a plain object in `extra` is never
 * mistaken for a request.
 */

/** The part of http.IncomingMessage read here (declared here: only io/ imports node:http). */
interface IncomingMessage {
  readonly method?: string;
  readonly url?: string;
  readonly headers: object;
  readonly socket?: { readonly remoteAddress?: string; readonly remotePort?: number } | null;
}

/** The part of http.ServerResponse read here. */
interface ServerResponse {
  readonly statusCode: number;
  getHeaders(): object;
}

/** Request headers never logged: they carry sessions and credentials. */
export const HIDDEN_REQUEST_HEADERS: readonly string[] = Object.freeze(["cookie", "authorization", "proxy-authorization"]);
/** Response headers never logged. */
export const HIDDEN_RESPONSE_HEADERS: readonly string[] = Object.freeze(["set-cookie"]);

export interface SerializedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  readonly headers?: Readonly<Record<string, unknown>>;
}

export interface SerializedResponse {
  readonly statusCode?: number;
  readonly headers?: Readonly<Record<string, unknown>>;
}

/** Reads one value; undefined when the read throws (a destroyed socket, a hostile getter). */
function read<A>(get: () => A): A | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/** A copy of a headers object without the hidden names (header names are lower case in Node). */
function withoutHidden(headers: unknown, hidden: readonly string[]): Record<string, unknown> | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(headers)) {
    if (hidden.includes(name.toLowerCase())) continue;
    copy[name] = (headers as Record<string, unknown>)[name];
  }
  return copy;
}

/** Drops the keys whose value is undefined, so the line has only what is known. */
function defined<A extends object>(value: A): A {
  for (const key of Object.keys(value) as (keyof A)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function isClassInstance(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto !== Object.prototype && proto !== null;
}

/** An http.IncomingMessage (or one shaped like it): the fields Node sets on every request. */
export function isIncomingMessage(value: unknown): value is IncomingMessage {
  return (
    isClassInstance(value) &&
    typeof value.httpVersion === "string" &&
    Array.isArray(value.rawHeaders) &&
    typeof value.headers === "object" &&
    value.headers !== null
  );
}

/** An http.ServerResponse (or one shaped like it). */
export function isServerResponse(value: unknown): value is ServerResponse {
  return (
    isClassInstance(value) &&
    typeof value.statusCode === "number" &&
    typeof value.getHeaders === "function" &&
    typeof value.writeHead === "function"
  );
}

/** Method, URL, remote address and port, and the headers without cookies or credentials. */
export function serializeRequest(req: IncomingMessage): SerializedRequest {
  return defined({
    method: read(() => req.method),
    url: read(() => req.url),
    remoteAddress: read(() => req.socket?.remoteAddress),
    remotePort: read(() => req.socket?.remotePort),
    headers: read(() => withoutHidden(req.headers, HIDDEN_REQUEST_HEADERS)),
  });
}

/** Status code and the headers set so far, without set-cookie. */
export function serializeResponse(res: ServerResponse): SerializedResponse {
  return defined({
    statusCode: read(() => res.statusCode),
    headers: read(() => withoutHidden(res.getHeaders(), HIDDEN_RESPONSE_HEADERS)),
  });
}
