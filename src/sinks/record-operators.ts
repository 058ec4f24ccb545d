/**
 * The generic operators of operators/ bound to log records: what a record's level, weight and
 * fingerprint are, and how a window of repeated alerts becomes one record. The operators take
 * these as functions, as `mergeMap` takes `concurrent`, and import nothing of LogRecord
 * (.dependency-cruiser.cjs, rule operators-know-no-record); the sinks, the runtime and the public
 * surface use the bound forms below, under the names and defaults they always had.
 */
import type { MonoTypeOperatorFunction, OperatorFunction } from "rxjs";
import type { DeliveryEvent } from "../core/delivery.js";
import { recordLevel, recordSince, recordWeight, repeatedRecord, type LogRecord } from "../core/record.js";
import {
  boundedDelivery as boundedDeliveryOf,
  type BoundedDeliveryOptions as GenericDeliveryOptions,
  type Deliver as GenericDeliver,
  type DeliveryResult as GenericDeliveryResult,
} from "../operators/bounded-delivery.js";
import { coalesceRepeats, type CoalesceOptions, type Repeats } from "../operators/coalesce-repeats.js";
import { levelFilter as levelFilterOf } from "../operators/level-filter.js";

/** Two alerts repeat each other when their level, logger and message are equal; a summary is a record with `repeated`. */
export const ALERT_REPEATS: Repeats<LogRecord> = Object.freeze({
  fingerprint: Object.freeze([(record: LogRecord) => record.level, (record: LogRecord) => record.logger, (record: LogRecord) => record.msg]),
  weightOf: recordWeight,
  sinceOf: recordSince,
  summarize: repeatedRecord,
});

/** How {@link coalesceAlerts} times its windows. */
export type CoalesceAlertsOptions = CoalesceOptions;

/**
 * Identical alerts (same level, logger and message) within `windowMs` become the first one at
 * once and one summary record a window, `repeated: { count, since }`: `coalesceRepeats` over
 * log records. See operators/coalesce-repeats.ts for the whole contract.
 *
 * ```ts
 * records$.pipe(levelFilter(Level.ERROR), coalesceAlerts({ windowMs: 60_000 })).subscribe(send);
 * ```
 */
export function coalesceAlerts(options: CoalesceAlertsOptions): MonoTypeOperatorFunction<LogRecord> {
  return coalesceRepeats(options, ALERT_REPEATS);
}

/**
 * Lets through the items at or above a level: operators/level-filter.ts, whose `levelOf`
 * defaults here to a log record's `levelno`.
 *
 * ```ts
 * records$.pipe(levelFilter(Level.WARNING)).subscribe((record) => console.log(record.msg));
 * ```
 */
export function levelFilter<T = LogRecord>(
  minLevel: number,
  current?: () => number,
  levelOf: (item: T) => number = recordLevel as unknown as (item: T) => number,
): MonoTypeOperatorFunction<T> {
  return levelFilterOf(minLevel, current, levelOf);
}

/** What a delivery may report; by default about log records. */
export type DeliveryResult<T = LogRecord> = GenericDeliveryResult<T>;
/** Sends one batch; by default of log records. */
export type Deliver<T = LogRecord> = GenericDeliver<T>;
/** boundedDelivery's options, where `levelOf` and `weightOf` default to a log record's `levelno` and `recordWeight`. */
export type BoundedDeliveryOptions<T = LogRecord> = Omit<GenericDeliveryOptions<T>, "levelOf" | "weightOf"> &
  Partial<Pick<GenericDeliveryOptions<T>, "levelOf" | "weightOf">>;

/**
 * A bounded queue in front of isolated delivery: operators/bounded-delivery.ts, shedding by a
 * log record's level and counting a coalesced record as all it stands for unless told otherwise.
 */
export function boundedDelivery<T = LogRecord>(options: BoundedDeliveryOptions<T>): OperatorFunction<readonly T[], DeliveryEvent<T>> {
  return boundedDeliveryOf<T>({
    ...options,
    levelOf: options.levelOf ?? (recordLevel as unknown as (item: T) => number),
    weightOf: options.weightOf ?? (recordWeight as unknown as (item: T) => number),
  });
}
