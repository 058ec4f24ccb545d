import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_PATH_VARIABLE } from "../env-names.js";
import type { RawLayer } from "../layer.js";
import { jsYaml } from "../lazy-packages.js";
import { dottedPath } from "../report.js";
import { readConfigText } from "./config-text.js";

/** Looked for in the working directory, in this order; the first found is used. */
export const CONFIG_FILE_NAMES: readonly string[] = Object.freeze(["flowlog.yaml", "flowlog.yml", "flowlog.json"]);

export interface FileLayerResult {
  readonly layer: RawLayer | undefined;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * The config file layer: the file named by FLOWLOG_CONFIG (resolved against cwd; missing is
 * an error), else the first of flowlog.yaml, flowlog.yml, flowlog.json in cwd (a warning when
 * more than one exists), else none. `.json` is parsed as JSON, anything else as YAML with
 * js-yaml's default (safe) schema. Only a regular file of at most 1 MB is read (readConfigText).
 */
export function fileLayer(cwd: string, explicitPath: string | undefined): FileLayerResult {
  if (explicitPath !== undefined && explicitPath !== "") {
    const resolved = path.resolve(cwd, explicitPath);
    const where = resolved === explicitPath ? "" : ` (resolved to ${resolved})`;
    const read = readConfigText(resolved);
    if ("missing" in read) return none([`environment: ${CONFIG_PATH_VARIABLE}: config file not found: ${explicitPath}${where}`]);
    if ("problem" in read) return none([`environment: ${CONFIG_PATH_VARIABLE}: ${explicitPath}${where} ${read.problem}`]);
    return parseLayer(explicitPath, resolved, read.text, []);
  }
  // Anything by these names counts as found: a directory or FIFO called flowlog.yaml is an
  // error that names it, not a file silently skipped.
  const found = CONFIG_FILE_NAMES.filter((name) => fs.statSync(path.join(cwd, name), { throwIfNoEntry: false }) !== undefined);
  if (found.length === 0) return { layer: undefined, errors: [], warnings: [] };
  const [chosen, ...ignored] = found;
  const warnings = ignored.length === 0 ? [] : [`${chosen}: also found ${ignored.join(" and ")} in ${cwd}; using ${chosen} and ignoring the other`];
  const file = path.join(cwd, chosen);
  const read = readConfigText(file);
  if ("missing" in read) return { layer: undefined, errors: [], warnings };
  if ("problem" in read) return { layer: undefined, errors: [`${chosen}: ${file} ${read.problem}`], warnings };
  return parseLayer(chosen, file, read.text, warnings);
}

function none(errors: string[]): FileLayerResult {
  return { layer: undefined, errors, warnings: [] };
}

function parseLayer(source: string, file: string, text: string, warnings: string[]): FileLayerResult {
  const parsed = file.toLowerCase().endsWith(".json") ? parseJson(text) : parseYaml(text);
  if ("error" in parsed) return { layer: undefined, errors: [`${source}: ${parsed.error}`], warnings };
  // An empty file (or one holding only `null`) is an empty layer.
  const value = parsed.value === undefined || parsed.value === null ? {} : parsed.value;
  return { layer: { source, value, label: dottedPath, unknown: [] }, errors: [], warnings };
}

type Parsed = { readonly value: unknown } | { readonly error: string };

/**
 * Parse errors give a position and a reason, never the offending text: the line could hold a
 * secret, and both V8's and js-yaml's messages quote the source. js-yaml is loaded by the first
 * YAML file read, not with flowlog (lazy-packages.ts).
 */
export function parseYaml(text: string): Parsed {
  const { load, YAMLException } = jsYaml();
  try {
    return { value: load(text) };
  } catch (error) {
    if (error instanceof YAMLException) {
      return { error: `invalid YAML at line ${error.mark.line + 1}, column ${error.mark.column + 1}: ${error.reason}` };
    }
    return { error: "invalid YAML" };
  }
}

export function parseJson(text: string): Parsed {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(source) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const where = position ? ` at ${lineAndColumn(source, Number(position[1]))}` : "";
    return { error: `invalid JSON${where}: ${jsonReason(message)}` };
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** V8's reason without the quoted source or the offending character. */
function jsonReason(message: string): string {
  if (/^Unexpected end/i.test(message)) return "unexpected end of input";
  if (/^Unexpected (token|non-whitespace)/i.test(message)) return "unexpected character";
  const reason = message.replace(/\s+in JSON at position[\s\S]*$/, "").replace(/, "[\s\S]*$/, "");
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}
