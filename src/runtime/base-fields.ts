import * as os from "node:os";

/**
 * The opt-in fields of every record (`base: { pid: true, hostname: true }`), read once when
 * the logger is built, kept as its bindings (so children and every record carry them under
 * `extra`). Undefined when none is asked for: no bindings, nothing merged per call.
 */
export function baseBindings(base: { readonly pid?: boolean; readonly hostname?: boolean } | undefined): Readonly<Record<string, unknown>> | undefined {
  if (base === undefined || (!base.pid && !base.hostname)) return undefined;
  const fields: Record<string, unknown> = {};
  if (base.pid) fields.pid = process.pid;
  if (base.hostname) fields.hostname = os.hostname();
  return Object.freeze(fields);
}
