import type { SchedulerLike } from "rxjs";
import { asyncScheduler } from "rxjs/internal/scheduler/async";
import type { AttemptFacts, AttemptOutcome } from "../core/attempt-outcome.js";
import { failureFactsOf, withFacts } from "../core/failure.js";
import { describeDeliveryError } from "./delivery-outcome.js";
import { abortReason, cancellableWait } from "./cancellable-wait.js";
import type { RateGate } from "./rate-gate.js";
import { backoffDelay, type RetryPolicy } from "./retry-policy.js";

/**
 * How one delivery ended. `attempts` counts every call of the attempt function. A failed verdict
 * carries the last failed outcome's facts (`code`, `statusCode`) when it had any, also when the
 * delivery was aborted after it (its text then ends with `; last error: ...`).
 */
export type DeliveryVerdict =
  | { readonly ok: true; readonly attempts: number }
  | ({
      readonly ok: false;
      readonly attempts: number;
      /** One line, scrubbed by the attempt function: the last outcome's error, or `aborted: ...`. */
      readonly error: string;
      /** The service refused for good (the last outcome was permanent). */
      readonly permanent: boolean;
      /** Stop sending to this sink: invalid credentials, deleted webhook. */
      readonly disableSink: boolean;
    } & AttemptFacts);

export interface DeliverWithRetryOptions {
  readonly policy: RetryPolicy;
  /** The sink's gate: waited for before every attempt, closed by rate-limited outcomes. */
  readonly gate: RateGate;
  /** Time source for the waits. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Hard stop or `complete()` deadline: aborts waits and the attempt in flight. */
  readonly signal?: AbortSignal;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Rate-limited outcomes tolerated before giving up. Default {@link DEFAULT_MAX_RATE_LIMIT_WAITS}. */
  readonly maxRateLimitWaits?: number;
}

/**
 * Rate-limited outcomes (429s) do not use up `maxRetries`: the server said "later", not "broken".
 * They are bounded by the caller's signal and by this count, so a service that answers 429 forever
 * still ends in a verdict.
 */
export const DEFAULT_MAX_RATE_LIMIT_WAITS = 10;

/**
 * Runs `attempt` until it succeeds, fails for good, runs out of retries, or `signal` aborts.
 * Never throws and never rejects.
 *
 * - Before each attempt, waits for `gate` to open.
 * - `ok` → `{ ok: true, attempts }`.
 * - `permanent` → stops at once: `{ ok: false, permanent: true, disableSink }`.
 * - `retry` with `rateLimited` → pauses the gate (so all of the sink's sends wait) for the
 *   server's hint, or for a backoff when there is none, and tries again without counting
 *   against `maxRetries`; more than `maxRateLimitWaits` of them → failed verdict.
 * - other `retry` → waits `max(retryAfterMs, backoff)` (never earlier than the server asked;
 *   full jitter otherwise) and tries again, at most `policy.maxRetries` times.
 * - An attempt that throws or rejects counts as a `retry` outcome; its text is built safely but
 *   not scrubbed: scrubbing is the attempt function's job (it knows the secrets).
 * - `signal` aborting (before, between or during attempts) ends everything at once: the
 *   attempt's own signal is aborted, its result ignored, every timer cancelled, and the verdict
 *   is `{ ok: false, error: "aborted: <reason>[; last error: ...]", permanent: false }`.
 *
 * @example
 * const verdict = await deliverWithRetry(
 *   async (signal) => classifyHttp(await client.request({ ...req, signal }), { now: Date.now() }),
 *   { policy: DEFAULT_RETRY_POLICY, gate, signal: deadline },
 * );
 */
export async function deliverWithRetry(
  attempt: (signal: AbortSignal) => Promise<AttemptOutcome>,
  options: DeliverWithRetryOptions,
): Promise<DeliveryVerdict> {
  const { policy, gate, signal } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  const random = options.random ?? Math.random;
  const maxRateLimitWaits = options.maxRateLimitWaits ?? DEFAULT_MAX_RATE_LIMIT_WAITS;
  /** Calls of `attempt` so far. */
  let attempts = 0;
  /** Non-rate-limited retries used, against `policy.maxRetries`. */
  let retries = 0;
  /** Rate-limited outcomes so far, against `maxRateLimitWaits`. */
  let rateLimitWaits = 0;
  /** The last failed outcome's text, reported with an abort. */
  let lastError: string | undefined;
  /** The last failed outcome's facts, reported with the verdict. */
  let lastFacts: AttemptFacts = {};

  const aborted = (): DeliveryVerdict =>
    withFacts(
      {
        ok: false,
        attempts,
        error: `aborted: ${describeReason(abortReason(signal))}${lastError !== undefined ? `; last error: ${lastError}` : ""}`,
        permanent: false,
        disableSink: false,
      },
      lastFacts,
    );

  try {
    for (;;) {
      if (signal?.aborted) return aborted();
      await gate.whenOpen(signal);
      if (signal?.aborted) return aborted();

      attempts++;
      const outcome = await runAttempt(attempt, signal);
      if (signal?.aborted) return aborted();

      if (outcome.kind === "ok") return { ok: true, attempts };
      lastError = outcome.error;
      lastFacts = { code: outcome.code, statusCode: outcome.statusCode };
      if (outcome.kind === "permanent") {
        return withFacts({ ok: false, attempts, error: outcome.error, permanent: true, disableSink: outcome.disableSink === true }, lastFacts);
      }

      if (outcome.rateLimited === true) {
        rateLimitWaits++;
        if (rateLimitWaits > maxRateLimitWaits) {
          return withFacts(
            {
              ok: false,
              attempts,
              error: `${outcome.error} (still rate limited after ${maxRateLimitWaits} waits)`,
              permanent: false,
              disableSink: false,
            },
            lastFacts,
          );
        }
        gate.pauseFor(validHint(outcome.retryAfterMs) ?? backoffDelay(rateLimitWaits - 1, policy, random));
        continue; // the gate wait at the top of the loop is the wait
      }

      if (retries >= policy.maxRetries) {
        return withFacts({ ok: false, attempts, error: outcome.error, permanent: false, disableSink: false }, lastFacts);
      }
      const delay = Math.max(validHint(outcome.retryAfterMs) ?? 0, backoffDelay(retries, policy, random));
      retries++;
      await cancellableWait(scheduler, delay, signal);
    }
  } catch (err) {
    // The waits reject when `signal` aborts; anything else (a scheduler that throws) is a bug
    // reported as a failed delivery, never as a rejection.
    if (signal?.aborted) return aborted();
    return { ok: false, attempts, error: `delivery loop failed: ${describeDeliveryError(err)}`, permanent: false, disableSink: false };
  }
}

/**
 * Runs one attempt with its own signal (aborted with the caller's), and settles as soon as the
 * caller's signal aborts even when the attempt ignores its signal.
 */
async function runAttempt(
  attempt: (signal: AbortSignal) => Promise<AttemptOutcome>,
  outer: AbortSignal | undefined,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const stopped: AttemptOutcome = { kind: "retry", error: "aborted" };
  let onAbort: (() => void) | undefined;
  const abortedPromise = new Promise<AttemptOutcome>((resolve) => {
    onAbort = () => {
      controller.abort(outer?.reason);
      resolve(stopped);
    };
    outer?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    let running: Promise<AttemptOutcome>;
    try {
      running = Promise.resolve(attempt(controller.signal));
    } catch (err) {
      running = Promise.reject(err);
    }
    const settled = running.then(validOutcome, (err: unknown) => ({ kind: "retry", error: describeDeliveryError(err) }) as AttemptOutcome);
    return await Promise.race([settled, abortedPromise]);
  } finally {
    if (onAbort !== undefined) outer?.removeEventListener("abort", onAbort);
  }
}

function validHint(ms: number | undefined): number | undefined {
  return typeof ms === "number" && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** An attempt's result checked at runtime: anything that is not an outcome is a retry. */
function validOutcome(value: unknown): AttemptOutcome {
  try {
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (kind === "ok") return { kind: "ok" };
    const error = (value as { error?: unknown }).error;
    const text = typeof error === "string" ? error : "delivery failed (no error text)";
    const { code, statusCode } = failureFactsOf(value);
    const facts: AttemptFacts = { code, statusCode };
    if (kind === "permanent") return withFacts({ kind, error: text, disableSink: (value as { disableSink?: unknown }).disableSink === true }, facts);
    if (kind === "retry") {
      const v = value as { retryAfterMs?: unknown; rateLimited?: unknown };
      return withFacts(
        {
          kind,
          error: text,
          ...(typeof v.retryAfterMs === "number" ? { retryAfterMs: v.retryAfterMs } : {}),
          ...(v.rateLimited === true ? { rateLimited: true } : {}),
        },
        facts,
      );
    }
  } catch {
    // An outcome whose getters throw is no outcome.
  }
  return { kind: "retry", error: "delivery returned an invalid outcome" };
}

function describeReason(reason: unknown): string {
  if (typeof reason === "string") return reason;
  try {
    const message = (reason as { message?: unknown } | null)?.message;
    if (typeof message === "string" && message !== "") return message;
  } catch {
    // fall through
  }
  return "signal aborted";
}
