import type { AttemptFacts, AttemptOutcome } from "../core/attempt-outcome.js";
import { thrownCode } from "../core/describe-thrown.js";
import { asStatusCode, withFacts } from "../core/failure.js";
import { parseRetryAfter, secondsToDelayMs } from "./retry-after.js";
import type { HttpResponse } from "./http-client.js";
import { SecretScrubber } from "./scrub.js";

/*
 * How a response or an error becomes an {@link AttemptOutcome}. Error texts are one line and
 * scrubbed (pass a scrubber, or scrub before building the outcome yourself).
 *
 * The classify functions decide the kind; the attempt functions of io (`http-attempt.ts`,
 * `smtp-transport.ts`, `syslog-socket.ts`) also put the failure's facts on the outcome, read from
 * the response or the error they hold: {@link withResponseFacts}, {@link withThrownFacts}.
 *
 * | outcome                                     | HTTP                          | transport / SMTP                                    |
 * |---------------------------------------------|-------------------------------|-----------------------------------------------------|
 * | ok                                          | 2xx                           | message accepted                                    |
 * | retry, rateLimited (pauses the sink)        | 429                           | -                                                   |
 * | retry (backoff, or Retry-After when larger) | 5xx, 408                      | network errors, timeouts, TLS errors, SMTP 4xx, 503 |
 * | permanent, disableSink                      | 401, 403, 404                 | SMTP 530/534/535/538, EAUTH, ENOAUTH, missing peer  |
 * | permanent                                   | other 4xx, 3xx, other statuses | SMTP 5xx, EENVELOPE/EMESSAGE without 4xx, ECONFIG, EINVAL, CLOSED |
 */

export interface ClassifyHttpOptions {
  /** Epoch ms, for a Retry-After given as an HTTP-date. */
  readonly now: number;
  /**
   * The service's own retry hint from the parsed JSON body (undefined when the body is not
   * JSON), in ms: {@link discordRetryAfterMs}, {@link telegramRetryAfterMs}. It wins over the
   * `Retry-After` header, which Discord rounds up to whole seconds.
   */
  readonly retryAfterFromBody?: (json: unknown) => number | undefined;
  /** Scrubs the error text (a 401 body may echo the URL). */
  readonly scrubber?: SecretScrubber;
}

/** Characters of a response body (or its message field) kept in an error text. */
export const ERROR_BODY_CHARS = 200;

/** Statuses that mean "the credential or the target is gone": stop sending to this sink. */
const DISABLING_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);

/** An HTTP response as an outcome. See the table on {@link AttemptOutcome}. */
export function classifyHttp(response: Pick<HttpResponse, "status" | "headers" | "body">, options: ClassifyHttpOptions): AttemptOutcome {
  const status = response.status;
  if (status >= 200 && status < 300) return { kind: "ok" };
  const json = parseJson(response.body);
  const scrub = (text: string): string => (options.scrubber !== undefined ? options.scrubber.scrub(text) : text);
  const error = scrub(httpErrorText(status, response.body, json));
  if (status === 429) {
    const retryAfterMs =
      bodyHint(options.retryAfterFromBody, json) ??
      parseRetryAfter(response.headers["retry-after"], options.now) ??
      parseRetryAfter(response.headers["x-ratelimit-reset-after"], options.now);
    return retryAfterMs === undefined
      ? { kind: "retry", error, rateLimited: true }
      : { kind: "retry", error, rateLimited: true, retryAfterMs };
  }
  if (status >= 500 || status === 408) {
    const retryAfterMs = parseRetryAfter(response.headers["retry-after"], options.now);
    return retryAfterMs === undefined ? { kind: "retry", error } : { kind: "retry", error, retryAfterMs };
  }
  if (DISABLING_STATUSES.has(status)) return { kind: "permanent", error, disableSink: true };
  return { kind: "permanent", error };
}

/** Discord's 429 body: `{"retry_after": 64.57, ...}` (seconds, float). */
export function discordRetryAfterMs(json: unknown): number | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  return secondsToDelayMs((json as { retry_after?: unknown }).retry_after);
}

/** Telegram's error body: `{"ok":false,"error_code":429,"parameters":{"retry_after":5}}` (seconds). */
export function telegramRetryAfterMs(json: unknown): number | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const parameters = (json as { parameters?: unknown }).parameters;
  if (typeof parameters !== "object" || parameters === null) return undefined;
  return secondsToDelayMs((parameters as { retry_after?: unknown }).retry_after);
}

/**
 * `HTTP 404: Unknown Webhook (code 10015)`: the service's message field when the body is JSON
 * (`message` for Discord and Twilio, `description` for Telegram, `error` otherwise) with its own
 * error code when it has one besides the status; otherwise the body's first
 * {@link ERROR_BODY_CHARS} characters; `HTTP 503` for an empty body. One line.
 */
export function httpErrorText(status: number, body: string, json: unknown = parseJson(body)): string {
  let detail = "";
  let code: unknown;
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    const message = [record.message, record.description, record.error, (record.error as { message?: unknown } | null)?.message].find(
      (m): m is string => typeof m === "string" && m.trim() !== "",
    );
    detail = message ?? "";
    code = record.code;
  }
  if (detail === "") detail = body;
  detail = oneLine(detail);
  if (detail.length > ERROR_BODY_CHARS) detail = detail.slice(0, ERROR_BODY_CHARS) + "…";
  let text = detail === "" ? `HTTP ${status}` : `HTTP ${status}: ${detail}`;
  if ((typeof code === "number" || (typeof code === "string" && code.length <= 40)) && String(code) !== String(status)) {
    text += ` (code ${String(code)})`;
  }
  return text;
}

/**
 * An error thrown by {@link HttpClient.request} (or anything else an HTTP attempt throws):
 * - `EINVAL` (a request undici refuses to build) and `CLOSED` (the client was closed) are
 *   permanent: sending the same request again cannot work;
 * - everything else is retried: refused, reset, DNS failures, timeouts, aborts, and TLS
 *   certificate errors. TLS errors are retried on purpose: they are bounded by
 *   `1 + maxRetries` attempts like any outage, and a certificate being rotated or a
 *   middlebox on the path is as likely as a permanent misconfiguration; they never disable
 *   the sink and are never "fixed" by turning verification off.
 */
export function classifyTransportError(err: unknown, scrubber?: SecretScrubber): AttemptOutcome {
  const error = describe(err, scrubber);
  const code = thrownCode(err);
  if (code === "EINVAL" || code === "CLOSED" || code === "ERR_INVALID_URL") return { kind: "permanent", error };
  return { kind: "retry", error };
}

/** {@link classifyTransportError} with the error's `code` on the outcome: what io's attempt functions return. */
export function transportErrorOutcome(err: unknown, scrubber?: SecretScrubber): AttemptOutcome {
  return withThrownFacts(classifyTransportError(err, scrubber), err, scrubber);
}

/** SMTP reply codes that mean bad or missing credentials: stop sending to this sink. */
const SMTP_AUTH_REPLIES: ReadonlySet<number> = new Set([530, 534, 535, 538]);

/** nodemailer codes that no retry can fix (configuration, envelope or message problems). */
const SMTP_PERMANENT_CODES: ReadonlySet<string> = new Set([
  "ECONFIG",
  "EREQUIRETLS",
  "EENVELOPE",
  "EMESSAGE",
  "EMAXRECIPIENTS",
  "EOTP",
  "EFILEACCESS",
  "EURLACCESS",
]);

/**
 * A nodemailer error as an outcome:
 * - a 4xx reply (421 included) → retry, whatever the code (a 454 EAUTH is a temporary failure);
 * - 530, 534, 535, 538, or `EAUTH`/`ENOAUTH` without a 4xx → permanent, disableSink;
 * - 503 (bad sequence of commands: the session, not the message) → retry, as nodemailer's own
 *   `isPermanent` does; any other 5xx → permanent (550 on RCPT arrives as EENVELOPE 550);
 * - no reply code: ECONFIG, EREQUIRETLS, EENVELOPE, EMESSAGE, EMAXRECIPIENTS, ... → permanent;
 *   ECONNECTION, ESOCKET, ETIMEDOUT, EDNS, ETLS, EPROXY, EABORT and anything unknown → retry;
 * - a `MissingPeerError` (nodemailer not installed) → permanent, disableSink.
 */
export function classifySmtpError(err: unknown, scrubber?: SecretScrubber): AttemptOutcome {
  const error = describe(err, scrubber);
  const code = thrownCode(err);
  const reply = replyCodeOf(err);
  if (code === "FLOWLOG_MISSING_PEER") return { kind: "permanent", error, disableSink: true };
  if (reply !== undefined && reply >= 400 && reply < 500) return { kind: "retry", error };
  if (reply !== undefined && reply >= 500 && reply < 600) {
    if (SMTP_AUTH_REPLIES.has(reply) || code === "EAUTH") return { kind: "permanent", error, disableSink: true };
    if (reply === 503) return { kind: "retry", error };
    return { kind: "permanent", error };
  }
  if (code === "EAUTH" || code === "ENOAUTH") return { kind: "permanent", error, disableSink: true };
  if (code !== undefined && SMTP_PERMANENT_CODES.has(code)) return { kind: "permanent", error };
  return { kind: "retry", error };
}

const NO_SECRETS = new SecretScrubber([]);

function describe(err: unknown, scrubber: SecretScrubber | undefined): string {
  return oneLine((scrubber ?? NO_SECRETS).scrubError(err));
}

/** The outcome with the HTTP status the service answered as `statusCode` (nothing added to `ok`). */
export function withResponseFacts(outcome: AttemptOutcome, response: Pick<HttpResponse, "status">): AttemptOutcome {
  return outcome.kind === "ok" ? outcome : withFacts(outcome, { statusCode: asStatusCode(response.status) });
}

/**
 * The outcome with the thrown error's facts: its `code` (`ECONNREFUSED`, `EAUTH`), left out
 * when it contains one of the scrubber's secrets, and an SMTP reply code (`responseCode`) as
 * `statusCode`.
 */
export function withThrownFacts(outcome: AttemptOutcome, err: unknown, scrubber?: SecretScrubber): AttemptOutcome {
  if (outcome.kind === "ok") return outcome;
  const code = thrownCode(err);
  const facts: AttemptFacts = {
    code: code !== undefined && scrubber !== undefined && scrubber.scrub(code) !== code ? undefined : code,
    statusCode: asStatusCode(replyCodeOf(err)),
  };
  return withFacts(outcome, facts);
}

function replyCodeOf(err: unknown): number | undefined {
  try {
    const reply = (err as { responseCode?: unknown } | null)?.responseCode;
    return typeof reply === "number" && Number.isInteger(reply) ? reply : undefined;
  } catch {
    return undefined;
  }
}

function bodyHint(read: ((json: unknown) => number | undefined) | undefined, json: unknown): number | undefined {
  if (read === undefined) return undefined;
  try {
    const ms = read(json);
    return typeof ms === "number" && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(body: string): unknown {
  const text = body.trim();
  if (!text.startsWith("{") && !text.startsWith("[")) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
