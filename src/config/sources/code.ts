import type { RawLayer } from "../layer.js";
import { dottedPath } from "../report.js";

/** The `config` given in code (`new Logger(name, { config })`): the highest layer; absent when undefined. */
export function codeLayer(code: unknown): RawLayer | undefined {
  if (code === undefined) return undefined;
  return { source: "code", value: code, label: dottedPath, unknown: [] };
}
