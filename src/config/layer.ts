import { FlowlogConfigLayer } from "./codecs.js";
import { drawErrors, errorPath, line, unknownKeyText, type Labeller } from "./report.js";
import { scanLayer } from "./scan.js";
import { SCHEMA } from "./schema.js";
import { fpEither } from "./lazy-packages.js";

/**
 * A layer as read from its source, before decoding: the raw value (a parsed file, variables
 * mapped to key paths, or the code object), how to name its keys in messages, and what the
 * reading itself found.
 */
export interface RawLayer {
  /** "flowlog.yaml", ".env", "environment", "code": starts every message about the layer. */
  readonly source: string;
  readonly value: unknown;
  readonly label: Labeller;
  /** Unknown keys or variables found while reading: warnings, or errors in strict mode. */
  readonly unknown: readonly string[];
}

/**
 * A layer decoded on its own: what it validly sets, and the lines explaining the rest. A layer
 * with errors still gives its valid keys, so the problems of the merged config (a required key
 * missing everywhere) are found in the same round as the bad values.
 */
export interface DecodedLayer {
  readonly source: string;
  /** The keys of the layer that decoded, bad ones left out; undefined when nothing of it could be read. */
  readonly config: FlowlogConfigLayer | undefined;
  readonly errors: readonly string[];
  readonly unknown: readonly string[];
  /** Dotted key paths the layer gave a bad value for (`sinks.discord.webhook_url`). */
  readonly invalid: readonly string[];
}

/**
 * Scans then decodes one layer with the partial codec. Forbidden keys and non-plain objects
 * are errors; unknown keys are collected for the caller to classify once strictness is known.
 */
export function decodeLayer(raw: RawLayer): DecodedLayer {
  const { source, label } = raw;
  const scan = scanLayer(raw.value, SCHEMA);
  const errors = [
    ...scan.forbidden.map((path) => line(source, label(path), "forbidden key")),
    ...scan.notPlain.map((path) => line(source, label(path), "expected a plain object (its prototype is not Object.prototype)")),
  ];
  const unknown = [
    ...raw.unknown,
    ...scan.unknown.map(({ path, known }) => line(source, label(path), unknownKeyText(path[path.length - 1], known))),
  ];
  const decoded = FlowlogConfigLayer.decode(raw.value);
  if (!fpEither().isLeft(decoded)) return { source, config: decoded.right, errors, unknown, invalid: [] };
  errors.push(...drawErrors(decoded.left, source, label));
  const badPaths = decoded.left.map((error) => errorPath(error.context));
  const rest = FlowlogConfigLayer.decode(badPaths.reduce(withoutPath, raw.value));
  return {
    source,
    config: fpEither().isLeft(rest) ? undefined : rest.right,
    errors,
    unknown,
    invalid: [...new Set(badPaths.map((path) => path.join(".")))],
  };
}

function isPlainRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of a raw layer without the key at `path` (undefined when the path is the whole
 * layer). Only the objects along the path are copied; the caller's value is never changed.
 */
function withoutPath(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return undefined;
  if (!isPlainRecord(value) || !Object.prototype.hasOwnProperty.call(value, path[0])) return value;
  const [key, ...rest] = path;
  const copy: Record<string, unknown> = { ...value };
  if (rest.length === 0) delete copy[key];
  else copy[key] = withoutPath(value[key], rest);
  return copy;
}
