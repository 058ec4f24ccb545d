import type * as t from "io-ts";
import { ioTs } from "./lazy-packages.js";

/**
 * The failures flowlog's codecs produce: an io-ts ValidationError whose `message` says what
 * was expected, plus what to print for the value. Decoding never throws; turning these into
 * text is `report.ts`'s job.
 */
export interface FlowlogValidationError extends t.ValidationError {
  /** Always starts with "expected ...". */
  readonly message: string;
  /** Overrides the printed value when the codec knows better (the bad item of a list). */
  readonly got?: string;
  /** What to print instead of the value when it sits under a secret key: no part of the value. */
  readonly hiddenGot?: string;
}

/** A failed validation carrying a readable expectation (and, optionally, how to describe the value). */
export function fail<A>(
  value: unknown,
  context: t.Context,
  expected: string,
  describe: { readonly got?: string; readonly hiddenGot?: string } = {},
): t.Validation<A> {
  const error: FlowlogValidationError = { value, context, message: expected, ...describe };
  return ioTs().failures([error]);
}

/** A successful validation (io-ts's `success`; io-ts is loaded by then, see lazy-packages.ts). */
export function succeed<A>(value: A): t.Validation<A> {
  return ioTs().success(value);
}

const MAX_SHOWN = 60;

/** A short, printable description of a value that is not a secret: `"LOUD"`, `42`, `a list`. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value);
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return describeKind(value);
}

/** The kind of a value and nothing of its content: safe to print for secrets. */
export function describeKind(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "bigint":
      return "a bigint";
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    default:
      return "an object";
  }
}

/** A key as it appears in a message: bare when it is a plain identifier, quoted and cut otherwise. */
export function showKey(key: string): string {
  if (/^[\w-]{1,40}$/.test(key)) return key;
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}...` : key);
}
