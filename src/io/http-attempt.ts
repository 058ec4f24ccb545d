import { classifyHttp, transportErrorOutcome, withResponseFacts, type ClassifyHttpOptions } from "./classify.js";
import type { AttemptOutcome } from "../core/attempt-outcome.js";
import type { HttpClient, HttpRequest, HttpResponse } from "./http-client.js";
import type { SecretScrubber } from "./scrub.js";

/**
 * One HTTP attempt as an outcome: the response classified (2xx ok, 429 rate-limited with the
 * service's hint, 5xx retry, 401/403/404 disabling...), or the transport error classified.
 * Shared by the Discord, Telegram and WhatsApp sinks; never throws; texts scrubbed. A failed
 * outcome carries the answer's `statusCode`, or the transport error's `code` (`ECONNREFUSED`).
 * `inspect` lets a sink read a response before the generic rules (Telegram's chat migration).
 */
export async function httpAttempt(
  client: HttpClient,
  request: HttpRequest,
  scrubber: SecretScrubber,
  classify: Omit<ClassifyHttpOptions, "now" | "scrubber"> = {},
  inspect?: (response: HttpResponse) => AttemptOutcome | undefined,
): Promise<AttemptOutcome> {
  let response: HttpResponse;
  try {
    response = await client.request(request);
  } catch (error) {
    return transportErrorOutcome(error, scrubber);
  }
  return inspect?.(response) ?? withResponseFacts(classifyHttp(response, { ...classify, now: Date.now(), scrubber }), response);
}

/** `https://host:port/prefix` -> origin and the path prefix without a trailing slash. */
export function splitBase(base: string): { origin: string; prefix: string } {
  const url = new URL(base);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
}
