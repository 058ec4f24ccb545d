import type { DropReason } from "../core/delivery.js";

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
  maxBlockMs = 0;
  readonly droppedBy: Record<DropReason, number> = {
    queue_full: 0,
    after_complete: 0,
    quarantined: 0,
    reentrant: 0,
  };

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
    };
    return Object.freeze(report);
  }
}
