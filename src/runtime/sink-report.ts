import type { DropReason } from "../core/delivery.js";
import { withFacts, type FailureFacts } from "../core/failure.js";

/**
 * The last failure of a sink as data, next to its text (`lastError`). Only the facts that were
 * known are present:
 *
 * - `message`: the same scrubbed line as `lastError`;
 * - `code`: the transport or system code, as on Node and undici errors (`ECONNREFUSED`,
 *   `ETIMEDOUT`, `ECONNRESET`), nodemailer's (`EAUTH`, `ECONNECTION`), the file system's
 *   (`EACCES`, `EISDIR`, `ENOSPC`);
 * - `statusCode`: the HTTP status the service answered (`400`, `429`, `500`), or the SMTP reply
 *   code (`535`);
 * - `attempts`: how many attempts were made for that batch (remote sinks: first try plus
 *   retries; rate-limited waits count too, since each is an attempt);
 * - `at`: when the runner counted it, ISO 8601, on the logger's clock.
 *
 * Like `lastError`, no field ever holds a secret: texts are scrubbed and a code that contains a
 * sink's secret is left out.
 */
export interface SinkFailure extends FailureFacts {
  readonly message: string;
  readonly at: string;
}

/**
 * One sink's accounting. Every record a sink accepts ends as exactly one of delivered,
 * dropped or failed: `accepted === delivered + dropped + failed` once complete() resolves.
 * `deadLettered` counts the failed records of remote sinks that reached the dead-letter file.
 */
export interface SinkReport {
  readonly accepted: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly failed: number;
  readonly deadLettered: number;
  /** Why records were dropped: the parts of `dropped`. */
  readonly droppedBy: Readonly<Record<DropReason, number>>;
  /** The last failure, scrubbed of secrets. */
  readonly lastError?: string;
  /** The same failure as data: `{ message, code?, statusCode?, attempts?, at }` ({@link SinkFailure}). Present exactly when `lastError` is. */
  readonly lastFailure?: SinkFailure;
  /**
   * The longest the sink's synchronous work held the event loop in one go (a batch formatted
   * and written, a user sink's code), in ms: a slow sink shows here, and a warning names it
   * once past {@link SLOW_SINK_MS}.
   */
  readonly maxBlockMs: number;
}

/** A sink holding the event loop this long in one go gets one warning. */
export const SLOW_SINK_MS = 100;

/** What complete(), shutdown() and disposal resolve with: one report per sink name. */
export interface DeliveryReport {
  readonly sinks: Readonly<Record<string, SinkReport>>;
}

/** Mutable counters behind a SinkReport; only the runner writes them. */
export class SinkCounters {
  accepted = 0;
  delivered = 0;
  failed = 0;
  deadLettered = 0;
  lastError: string | undefined = undefined;
  lastFailure: SinkFailure | undefined = undefined;
  maxBlockMs = 0;
  readonly droppedBy: Record<DropReason, number> = {
    queue_full: 0,
    after_complete: 0,
    quarantined: 0,
    reentrant: 0,
  };

  /** Keeps `message` as the last failure, with its facts, counted at `at` (epoch ms). */
  recordFailure(message: string, facts: FailureFacts, at: number): void {
    this.lastError = message;
    const failure: SinkFailure = { ...withFacts({ message }, facts), at: isoTime(at) };
    this.lastFailure = Object.freeze(failure);
  }

  get dropped(): number {
    const by = this.droppedBy;
    return by.queue_full + by.after_complete + by.quarantined + by.reentrant;
  }

  /** Records accepted that have no outcome yet. */
  get pending(): number {
    return this.accepted - this.delivered - this.dropped - this.failed;
  }

  snapshot(): SinkReport {
    const report: SinkReport = {
      accepted: this.accepted,
      delivered: this.delivered,
      dropped: this.dropped,
      failed: this.failed,
      deadLettered: this.deadLettered,
      droppedBy: Object.freeze({ ...this.droppedBy }),
      maxBlockMs: Math.round(this.maxBlockMs * 10) / 10,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.lastFailure === undefined ? {} : { lastFailure: this.lastFailure }),
    };
    return Object.freeze(report);
  }
}

/** A clock reading as ISO 8601; a clock that returns nonsense gives the epoch, never a throw. */
function isoTime(ms: number): string {
  return new Date(Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : 0).toISOString();
}
