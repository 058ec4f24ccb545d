import * as path from "node:path";
import type { Either } from "fp-ts/lib/Either.js";
import { FlowlogConfigError } from "../core/errors.js";
import { FlowlogConfig } from "./codecs.js";
import { DEFAULTS } from "./defaults.js";
import { CONFIG_PATH_VARIABLE } from "./env-names.js";
import { decodeLayer, type RawLayer } from "./layer.js";
import { mergeLayers } from "./merge.js";
import { dottedPath, drawErrors } from "./report.js";
import { resolveRequirements, type ResolvedConfig } from "./requirements.js";
import { protectConfig } from "./secrets.js";
import { codeLayer } from "./sources/code.js";
import { DOTENV_FILE, readDotenv } from "./sources/dotenv.js";
import { envLayer } from "./sources/env.js";
import { fileLayer } from "./sources/file.js";
import { fpEither } from "./lazy-packages.js";

export interface LoadConfigOptions {
  /** Where flowlog.yaml / .yml / .json and .env are looked for, and FLOWLOG_CONFIG is resolved (default process.cwd()). */
  readonly cwd?: string;
  /** The process environment layer (default process.env). Read, never written. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The code layer: the `config` passed to `new Logger(name, { config })`. */
  readonly code?: unknown;
  /**
   * Unknown keys and variables become errors instead of warnings. Overrides the `strict` key
   * of every layer (which otherwise merges like any key: `strict: true` in flowlog.yaml,
   * `FLOWLOG_STRICT=1`, ...).
   */
  readonly strict?: boolean;
}

export interface LoadedConfig {
  /** Merged, decoded, defaults applied, requirements checked; deep-frozen, and masked when serialised or inspected. */
  readonly config: ResolvedConfig;
  /** Unknown keys and variables (unless strict), and config files found but ignored. */
  readonly warnings: string[];
  /** The layers found, lowest priority first: "defaults", then e.g. "flowlog.yaml", ".env", "environment", "code". */
  readonly sources: string[];
}

/** Everything wrong with a configuration, found in one round. */
export interface ConfigProblems {
  /** Bad values, forbidden keys, unreadable files, missing required keys; unknown keys in strict mode. */
  readonly errors: readonly string[];
  /** Unknown keys and variables (unless strict), config files found but ignored. */
  readonly warnings: readonly string[];
}

/** The layers as read from their sources, lowest priority first, with what reading them found. */
export interface ReadLayers {
  readonly layers: readonly RawLayer[];
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Reads the four sources, lowest priority first: config file, .env, environment, code. Each
 * source's loader (fileLayer, readDotenv + envLayer, envLayer, codeLayer) can also be called on
 * its own, e.g. to show where a value comes from.
 */
export function readLayers(options: LoadConfigOptions = {}): ReadLayers {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const errors: string[] = [];
  const warnings: string[] = [];
  const layers: RawLayer[] = [];

  const file = fileLayer(cwd, env[CONFIG_PATH_VARIABLE]);
  errors.push(...file.errors);
  warnings.push(...file.warnings);
  if (file.layer) layers.push(file.layer);

  const dotenv = readDotenv(cwd);
  errors.push(...dotenv.errors);
  if (dotenv.variables) {
    if (dotenv.variables[CONFIG_PATH_VARIABLE]) {
      warnings.push(`${DOTENV_FILE}: ${CONFIG_PATH_VARIABLE}: ignored in ${DOTENV_FILE} (the config file is found before .env is read): set it in the process environment`);
    }
    layers.push(envLayer(DOTENV_FILE, dotenv.variables).layer);
  }

  const environment = envLayer("environment", env);
  if (environment.used > 0 || environment.layer.unknown.length > 0) layers.push(environment.layer);

  const code = codeLayer(options.code);
  if (code) layers.push(code);
  return { layers, errors, warnings };
}

/**
 * Reads, decodes, merges and checks the configuration layers, lowest priority first:
 * defaults < config file < .env < environment < code. Every layer is decoded on its own, so
 * each problem names its source; the valid part of a layer with errors is still merged, so bad
 * values, unknown keys and missing required keys all come out in one round. Never throws:
 * the result is every problem, or the resolved config. Nothing is written to `process.env` or
 * to `options.env`.
 */
export function parseConfig(options: LoadConfigOptions = {}): Either<ConfigProblems, LoadedConfig> {
  const read = readLayers(options);
  const errors = [...read.errors];
  const warnings = [...read.warnings];

  const decoded = read.layers.map(decodeLayer);
  const strict = options.strict ?? decoded.reduce<boolean | undefined>((found, layer) => layer.config?.strict ?? found, undefined) ?? false;
  for (const layer of decoded) {
    errors.push(...layer.errors);
    (strict ? errors : warnings).push(...layer.unknown);
  }

  const merged = mergeLayers(
    DEFAULTS,
    decoded.flatMap((layer) => (layer.config ? [layer.config] : [])),
  );
  // A fresh copy: the merge may share objects with DEFAULTS, and the result is frozen.
  const final = FlowlogConfig.decode(structuredClone({ ...merged, strict }));
  if (fpEither().isLeft(final)) return fpEither().left({ errors: [...errors, ...drawErrors(final.left, "merged configuration", dottedPath)], warnings });
  const resolved = resolveRequirements(final.right, new Set(decoded.flatMap((layer) => layer.invalid)));
  if (fpEither().isLeft(resolved)) errors.push(...resolved.left);
  if (errors.length > 0 || fpEither().isLeft(resolved)) return fpEither().left({ errors, warnings });
  return fpEither().right({ config: protectConfig(resolved.right), warnings, sources: ["defaults", ...read.layers.map((layer) => layer.source)] });
}

/**
 * parseConfig, throwing: every problem of every layer (and the warnings) in one
 * FlowlogConfigError. What `new Logger` does with the configuration.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const parsed = parseConfig(options);
  if (fpEither().isLeft(parsed)) throw new FlowlogConfigError(parsed.left.errors, parsed.left.warnings);
  return parsed.right;
}
