/**
 * Where each value of the effective configuration comes from, for `flowlog check` and anyone
 * who wants to show it: the layer ("defaults", "flowlog.yaml", ".env", "environment", "code")
 * that set it last.
 */
import type { Either } from "fp-ts/lib/Either.js";
import type { FlowlogConfig } from "./codecs.js";
import { DEFAULTS } from "./defaults.js";
import { decodeLayer } from "./layer.js";
import { parseConfig, readLayers, type ConfigProblems, type LoadConfigOptions, type LoadedConfig } from "./load.js";
import { mergeLayers } from "./merge.js";
import { maskConfig } from "./secrets.js";
import { fpEither } from "./lazy-packages.js";

/** A configuration tree as shown: plain objects, arrays and scalars, secrets masked. */
export type ConfigTree = { readonly [key: string]: unknown };

export interface ConfigWithSources {
  /** parseConfig's verdict: the resolved config, or every problem (what `new Logger` would throw). */
  readonly parsed: Either<ConfigProblems, LoadedConfig>;
  /**
   * The effective configuration with every secret masked: the resolved config when there is no
   * problem; otherwise the valid keys of every layer merged over the defaults, the closest view
   * of what was meant.
   */
  readonly effective: ConfigTree;
  /** Dotted key path (`sinks.discord.webhook_url`) to the layer that set it; a key no layer set comes from "defaults". */
  readonly sourceOf: (path: string) => string;
  /** The layers found, lowest priority first: "defaults", then e.g. "flowlog.yaml", ".env", "environment". */
  readonly layers: readonly string[];
}

/**
 * parseConfig (the layers exactly as `new Logger` loads them, same options) plus, for every
 * key, the layer its value came from. Never throws.
 */
export function loadConfigWithSources(options: LoadConfigOptions = {}): ConfigWithSources {
  const parsed = parseConfig(options);
  const decoded = readLayers(options).layers.map(decodeLayer);
  const sources = new Map<string, string>();
  for (const layer of decoded) {
    if (layer.config !== undefined) recordSources(layer.config, [], layer.source, sources);
  }
  const effective = fpEither().isLeft(parsed)
    ? maskConfig(mergeLayers(DEFAULTS, decoded.flatMap((layer) => (layer.config ? [layer.config] : []))) as FlowlogConfig)
    : maskConfig(parsed.right.config);
  return {
    parsed,
    effective: effective as unknown as ConfigTree,
    sourceOf: (path) => sources.get(path) ?? "defaults",
    layers: ["defaults", ...decoded.map((layer) => layer.source)],
  };
}

/** Marks every key a layer sets (a defined value; objects are walked, arrays are values). */
function recordSources(node: object, path: readonly string[], source: string, into: Map<string, string>): void {
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined) continue;
    const at = [...path, key];
    if (typeof value === "object" && value !== null && !Array.isArray(value)) recordSources(value, at, source, into);
    else into.set(at.join("."), source);
  }
}
