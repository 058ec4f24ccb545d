import { CONFIG_PATH_VARIABLE, ENV_PREFIX, ENV_VARIABLES, KNOWN_VARIABLES, variableForPath } from "../env-names.js";
import type { RawLayer } from "../layer.js";
import { line } from "../report.js";
import { didYouMean } from "../suggest.js";

/**
 * An env-style layer (the process environment, or the variables of .env): every `FLOWLOG_*`
 * variable is mapped to its key path and left a string for the codecs to decode. Empty
 * variables count as unset. Other variables are not flowlog's and are ignored. Nothing is
 * ever written to the variables given.
 */
export function envLayer(
  source: string,
  variables: Readonly<Record<string, string | undefined>>,
  ignore: readonly string[] = [CONFIG_PATH_VARIABLE],
): { readonly layer: RawLayer; readonly used: number } {
  const value: Record<string, unknown> = {};
  const unknown: string[] = [];
  let used = 0;
  for (const name of Object.keys(variables).sort()) {
    const text = variables[name];
    if (!name.startsWith(ENV_PREFIX) || ignore.includes(name) || text === undefined || text === "") continue;
    const path = ENV_VARIABLES.get(name);
    if (path === undefined) {
      unknown.push(line(source, name, unknownVariableText(name)));
      continue;
    }
    setPath(value, path, text);
    used++;
  }
  return { layer: { source, value, label: labelWithVariable, unknown }, used };
}

function unknownVariableText(name: string): string {
  const suggestion = didYouMean(name, KNOWN_VARIABLES);
  return suggestion === undefined
    ? "unknown variable (flowlog reads FLOWLOG_<SINK>_<KEY>, FLOWLOG_LOGGER_NAME, FLOWLOG_DEAD_LETTER_<KEY>, FLOWLOG_STRICT and FLOWLOG_CONFIG)"
    : `unknown variable (did you mean "${suggestion}"?)`;
}

/** Errors in an env layer name the variable the user set, not the key path. */
function labelWithVariable(path: readonly string[]): string {
  return path.length === 0 ? "" : variableForPath(path);
}

/** Builds nested objects along a path from the schema (never a user-supplied key). */
function setPath(target: Record<string, unknown>, path: readonly string[], text: string): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!Object.prototype.hasOwnProperty.call(node, key)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = text;
}
