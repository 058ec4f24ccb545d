import type { ClassifyHttpOptions } from "../io/classify.js";
import type { AttemptOutcome } from "../core/attempt-outcome.js";
import { HttpClient, type HttpResponse } from "../io/http-client.js";
import { httpAttempt } from "../io/http-attempt.js";
import type { SecretScrubber } from "../io/scrub.js";
import type { AlertTransport } from "./remote-sink.js";

export interface HttpTransportOptions<Body> {
  /** Scheme, host and port of the service. */
  readonly origin: string;
  /** Where every message is POSTed (may hold a token: never shown). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The request body for one message (JSON or form-encoded). */
  readonly encode: (body: Body) => string;
  readonly timeoutMs: number;
  readonly scrubber: SecretScrubber;
  /** The service's own 429 hint in its JSON body. */
  readonly retryAfterFromBody?: ClassifyHttpOptions["retryAfterFromBody"];
  /** Reads a response before the generic rules (Telegram's chat migration). */
  readonly inspect?: (response: HttpResponse) => AttemptOutcome | undefined;
}

/**
 * The transport the three HTTP sinks share: one pooled client for the service's origin, one
 * POST per message, every response or transport error classified into an outcome.
 */
export function httpTransport<Body>(options: HttpTransportOptions<Body>): AlertTransport<Body> {
  const client = new HttpClient({ origin: options.origin, scrubber: options.scrubber });
  return {
    send: (body, signal) =>
      httpAttempt(
        client,
        { method: "POST", path: options.path, headers: options.headers, body: options.encode(body), timeoutMs: options.timeoutMs, signal },
        options.scrubber,
        { retryAfterFromBody: options.retryAfterFromBody },
        options.inspect,
      ),
    close: () => client.destroy(),
  };
}
