import type { LogOptions } from "../core/record.js";
import { describeThrown } from "../core/describe-thrown.js";

/**
 * The options of an error-first call (`log.error(err)`, `log.error(err, "msg", { extra })`):
 * the error is the record's `exc`, whatever was thrown (an Error, a string, an object from a
 * library); `extra` comes from the options when given. Reading the options never throws: a
 * hostile object (a Proxy, a throwing getter) still gives a record.
 */
export function errorFirstOptions(err: unknown, options: unknown): LogOptions {
  let extra: Record<string, unknown> | undefined;
  try {
    extra = typeof options === "object" && options !== null ? (options as LogOptions).extra : undefined;
  } catch (error) {
    extra = { "[Unserializable extra]": describeThrown(error) };
  }
  return { extra, exc: err };
}
