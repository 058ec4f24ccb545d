import type * as t from "io-ts";
import { didYouMean } from "./suggest.js";
import { isSecretPath } from "./secrets.js";
import { describeKind, describeValue, showKey, type FlowlogValidationError } from "./validation.js";

/*
 * Turns decoding results into the lines of a FlowlogConfigError or a warning:
 *
 *   flowlog.yaml: sinks.discord.min_level: expected a level: one of DEBUG, INFO, AUDIT, WEBHOOK, WARNING, SECURITY, ERROR, DEPLOY, CRITICAL (any case; WARN and FATAL too) or 10, 20, 25, 28, 30, 35, 40, 45, 50, got "LOUD"
 *   .env: FLOWLOG_FILE_JSON_MAX_BYTES: expected a non-negative integer, got "ten"
 *
 * Pure functions. A value under a secret key is described by its kind or by the codec's
 * `hiddenGot` ("a value that is not a valid URL"), never printed.
 */

/** How a layer names a key path: dotted for files and code, the variable for env layers. */
export type Labeller = (path: readonly string[]) => string;

export const dottedPath: Labeller = (path) => path.map(showKey).join(".");

/** One line: `source: label: text`, without the label when the problem is the whole layer. */
export function line(source: string, label: string, text: string): string {
  return label === "" ? `${source}: ${text}` : `${source}: ${label}: ${text}`;
}

/** The key path of a validation error: context keys, skipping the root and union/intersection members. */
export function errorPath(context: t.Context): string[] {
  const path: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1].type as { readonly types?: unknown };
    if (Array.isArray(parent.types)) continue;
    path.push(context[i].key);
  }
  return path;
}

function describeError(error: t.ValidationError, path: readonly string[]): string {
  const { message, got, hiddenGot } = error as Partial<FlowlogValidationError>;
  const expected = message ?? `expected ${error.context[error.context.length - 1]?.type.name ?? "something else"}`;
  const shown = isSecretPath(path) ? (hiddenGot ?? describeKind(error.value)) : (got ?? describeValue(error.value));
  return `${expected}, got ${shown}`;
}

/** Every decoding error of one layer as a line, in order, without duplicates. */
export function drawErrors(errors: t.Errors, source: string, label: Labeller): string[] {
  const lines = errors.map((error) => {
    const path = errorPath(error.context);
    return line(source, label(path), describeError(error, path));
  });
  return [...new Set(lines)];
}

/** `unknown key (did you mean "file_json"?)`, or the list of known keys when nothing is close. */
export function unknownKeyText(key: string, known: readonly string[], what = "key"): string {
  const suggestion = didYouMean(key, known);
  return suggestion === undefined
    ? `unknown ${what} (expected one of ${known.join(", ")})`
    : `unknown ${what} (did you mean "${suggestion}"?)`;
}
