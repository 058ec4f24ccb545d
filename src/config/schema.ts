import { DeadLetterProps, SINK_PROPS, TopLevelProps } from "./codecs.js";

/**
 * The known keys of the schema as a tree (a leaf is `null`), derived from the codecs' props so
 * it cannot drift from them. Unknown-key detection and the environment mapping walk it.
 */
export interface KeyTree {
  readonly [key: string]: KeyTree | null;
}

function leaves(props: object): KeyTree {
  return Object.fromEntries(Object.keys(props).map((key) => [key, null]));
}

export const SCHEMA: KeyTree = {
  ...leaves(TopLevelProps),
  dead_letter: leaves(DeadLetterProps),
  sinks: Object.fromEntries(Object.entries(SINK_PROPS).map(([sink, props]) => [sink, leaves(props)])),
};

/** Every path to a leaf, e.g. ["sinks", "file_json", "min_level"]. */
export function leafPaths(tree: KeyTree = SCHEMA, prefix: readonly string[] = []): string[][] {
  return Object.entries(tree).flatMap(([key, child]) =>
    child === null ? [[...prefix, key]] : leafPaths(child, [...prefix, key]),
  );
}
