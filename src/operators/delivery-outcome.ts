import { describeThrown } from "../core/describe-thrown.js";
import type { DeliveryEvent } from "../core/delivery.js";
import { failureFactsOf, withFacts } from "../core/failure.js";

/**
 * How one deliver() outcome becomes delivery events. Pure functions that never throw: whatever a
 * delivery returns or throws, {@link boundedDelivery} gets events that account for every record.
 */

/** The text used when a caller's describeError throws: fixed, so nothing unscrubbed leaks through. */
export const UNDESCRIBABLE_ERROR = "delivery failed (describeError threw)";

/**
 * The failed event's text for a thrown or rejected value: `custom(err)` when given, otherwise
 * {@link describeThrown}. Never throws.
 */
export function describeDeliveryError(err: unknown, custom?: (err: unknown) => string): string {
  if (custom !== undefined) {
    try {
      const text = custom(err);
      return typeof text === "string" ? text : UNDESCRIBABLE_ERROR;
    } catch {
      return UNDESCRIBABLE_ERROR;
    }
  }
  return describeThrown(err);
}

/**
 * The events for a delivery that settled with `result`: one delivered event, or a failed event
 * for the records a {@link DeliveryResult} lists (with its well-formed `code`, `statusCode` and
 * `attempts`) plus a delivered event for the rest (if any).
 * A result without a non-empty `failed` array counts as fully delivered. Delivered counts are
 * weights (`weightOf`): for log records, a coalesced record counts as the `repeated.count`
 * records it stands for.
 */
export function outcomeEvents<T>(
  records: readonly T[],
  result: unknown,
  describe: (err: unknown) => string,
  weightOf: (item: T) => number,
): DeliveryEvent<T>[] {
  try {
    const failed = typeof result === "object" && result !== null ? (result as { failed?: unknown }).failed : undefined;
    if (!Array.isArray(failed) || failed.length === 0) return [{ kind: "delivered", count: totalWeight(records, weightOf) }];
    const reported = (result as { error?: unknown }).error;
    const error = typeof reported === "string" ? reported : `${failed.length} of ${records.length} records failed`;
    const failedRecords = failed.slice() as T[];
    const events: DeliveryEvent<T>[] = [withFacts({ kind: "failed", records: failedRecords, error } as const, failureFactsOf(result))];
    const delivered = totalWeight(records, weightOf) - totalWeight(failedRecords, weightOf);
    if (delivered > 0) events.push({ kind: "delivered", count: delivered });
    return events;
  } catch (err) {
    // A DeliveryResult whose getters throw: nothing it says can be trusted, so the batch failed.
    return [{ kind: "failed", records, error: describe(err) }];
  }
}

/** The sum of the items' weights (for log records, how many logged records they stand for: `recordWeight`). */
export function totalWeight<T>(records: readonly T[], weightOf: (item: T) => number): number {
  let total = 0;
  for (const record of records) total += weightOf(record);
  return total;
}
