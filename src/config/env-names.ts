import { leafPaths } from "./schema.js";

/**
 * The environment variables of the schema: one per leaf key, `FLOWLOG_` then the key path
 * without `sinks`, upper-cased and joined by `_`:
 *
 *   logger_name                 FLOWLOG_LOGGER_NAME
 *   dead_letter.path            FLOWLOG_DEAD_LETTER_PATH
 *   sinks.file_json.min_level   FLOWLOG_FILE_JSON_MIN_LEVEL
 *   sinks.discord.webhook_url   FLOWLOG_DISCORD_WEBHOOK_URL
 *
 * The variables the README lists are instances of this rule. Sink names contain underscores, so
 * a name is looked up in this exact table rather than split (equivalent to matching sink names
 * longest-first, and unambiguous: the table is checked for collisions when it is built).
 */

/** Names the config file; read from the process environment only, never from .env. */
export const CONFIG_PATH_VARIABLE = "FLOWLOG_CONFIG";
export const ENV_PREFIX = "FLOWLOG_";

export function variableForPath(path: readonly string[]): string {
  const segments = path[0] === "sinks" ? path.slice(1) : path;
  return ENV_PREFIX + segments.join("_").toUpperCase();
}

function buildTable(): ReadonlyMap<string, readonly string[]> {
  const table = new Map<string, readonly string[]>();
  for (const path of leafPaths()) {
    const variable = variableForPath(path);
    const clash = table.get(variable);
    if (clash) throw new Error(`flowlog: ${variable} would name both ${clash.join(".")} and ${path.join(".")}`);
    table.set(variable, Object.freeze(path));
  }
  return table;
}

/** Variable name -> key path, for every leaf of the schema. */
export const ENV_VARIABLES: ReadonlyMap<string, readonly string[]> = buildTable();

/** Every variable flowlog reads, for suggestions. */
export const KNOWN_VARIABLES: readonly string[] = Object.freeze([CONFIG_PATH_VARIABLE, ...ENV_VARIABLES.keys()]);
