/**
 * The effective configuration as `flowlog check` prints it: one row per key, its value (secrets
 * already masked by the loader) and the layer it came from. Pure.
 */
import { levelName, type ConfigTree } from "../index.js";

export interface ConfigRow {
  readonly key: string;
  readonly value: string;
  readonly source: string;
}

/**
 * Every key of the tree in order, except inside a disabled sink, which shows only its
 * `enabled` row (unless `all`). A key no layer set shows "default" as its source, and "-" as
 * its value when it has none; levels show by name.
 */
export function configRows(tree: ConfigTree, sourceOf: (path: string) => string, all = false): ConfigRow[] {
  const rows: ConfigRow[] = [];
  walk(tree, []);
  return rows;

  function walk(node: ConfigTree, path: readonly string[]): void {
    for (const key of Object.keys(node)) {
      const value = node[key];
      const at = [...path, key];
      if (isSection(value)) {
        if (!all && path.length === 1 && path[0] === "sinks" && value.enabled === false) {
          rows.push(row([...at, "enabled"], false));
          continue;
        }
        walk(value, at);
      } else {
        rows.push(row(at, value));
      }
    }
  }

  function row(path: readonly string[], value: unknown): ConfigRow {
    const key = path.join(".");
    const source = sourceOf(key);
    const shown = key.endsWith("_level") && typeof value === "number" ? (levelName(value) ?? value) : value;
    return { key, value: valueText(shown), source: source === "defaults" ? "default" : source };
  }
}

/** Rows as aligned columns under a header; values longer than 60 characters are not padded past. */
export function drawTable(rows: readonly ConfigRow[]): string {
  const keyWidth = Math.max(3, ...rows.map((r) => r.key.length));
  const valueWidth = Math.min(60, Math.max(5, ...rows.map((r) => r.value.length)));
  const line = (key: string, value: string, source: string): string => `  ${key.padEnd(keyWidth)}  ${value.padEnd(valueWidth)}  ${source}`.trimEnd();
  return [line("key", "value", "from"), ...rows.map((r) => line(r.key, r.value, r.source))].join("\n");
}

function isSection(value: unknown): value is ConfigTree {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value as one line: strings bare (quoted when empty or padded), lists comma-separated, none as "-". */
function valueText(value: unknown): string {
  if (value === undefined || value === null) return "-";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : value.map((item) => valueText(item)).join(", ");
  if (typeof value === "string") return value === "" || value.trim() !== value || /[\x00-\x1f]/.test(value) ? JSON.stringify(value) : value;
  return String(value);
}
