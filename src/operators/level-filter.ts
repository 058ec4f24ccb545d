import type { MonoTypeOperatorFunction } from "rxjs";
import { filter } from "rxjs/internal/operators/filter";
import { FlowlogSinkError } from "../core/errors.js";

/**
 * Lets through the items at or above a level: one integer compare per item. The level of an
 * item is what `levelOf` says (for log records, sinks/record-operators.ts binds it to
 * `levelno`: that is the `levelFilter` flowlog exports).
 *
 * `minLevel` is a level number (`Level.WARNING` is 30). It need not be one of the nine:
 * `0` passes everything and `Infinity` nothing. It is checked once, when the operator is
 * made, so a `NaN` that would silently drop every record fails fast instead.
 *
 * ## Example
 *
 * Keep HTTP responses of status 400 and above
 *
 * ```ts
 * responses$.pipe(levelFilter(400, undefined, (response) => response.status)).subscribe(report);
 * ```
 *
 * A level that changes at run time (`log.setSinkLevel`) is given as `current`, read per record;
 * `minLevel` is then its first value, checked as above.
 *
 * @param minLevel The lowest `levelno` that passes.
 * @param current Reads the lowest `levelno` that passes now, instead of the fixed `minLevel`.
 * @param levelOf An item's level.
 * @return A function that returns an Observable of the source's items whose level is `>= minLevel`.
 * Errors and completion are forwarded unchanged.
 * @throws FlowlogSinkError when `minLevel` is not a number, or is NaN.
 */
export function levelFilter<T>(
  minLevel: number,
  current: (() => number) | undefined,
  levelOf: (item: T) => number,
): MonoTypeOperatorFunction<T> {
  if (typeof minLevel !== "number" || Number.isNaN(minLevel)) {
    throw new FlowlogSinkError(`levelFilter: minLevel must be a level number, got ${String(minLevel)}`);
  }
  if (current !== undefined) return filter((item) => levelOf(item) >= current());
  return filter((item) => levelOf(item) >= minLevel);
}
