import { isLeft } from "fp-ts/lib/Either.js";
import { FlowlogConfigLayer } from "./codecs.js";
import { drawErrors, line, unknownKeyText, type Labeller } from "./report.js";
import { scanLayer } from "./scan.js";
import { SCHEMA } from "./schema.js";

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

/** A layer decoded on its own: the typed partial config, or the lines explaining why not. */
export interface DecodedLayer {
  readonly source: string;
  /** Undefined when the layer has errors. */
  readonly config: FlowlogConfigLayer | undefined;
  readonly errors: readonly string[];
  readonly unknown: readonly string[];
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
  if (isLeft(decoded)) errors.push(...drawErrors(decoded.left, source, label));
  return { source, config: errors.length === 0 && !isLeft(decoded) ? decoded.right : undefined, errors, unknown };
}
