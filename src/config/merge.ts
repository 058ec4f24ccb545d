import type { Semigroup } from "fp-ts/lib/Semigroup.js";
import { DeadLetterProps, SINK_PROPS, TopLevelProps, type FlowlogConfig, type FlowlogConfigLayer } from "./codecs.js";
import { fpSemigroup } from "./lazy-packages.js";

/*
 * Layers merge as fp-ts semigroups: a struct of "last defined" per key, nested per section,
 * so a later (higher) layer wins key by key, and a key it does not set (absent, or an empty
 * optional value: null or "") keeps the lower layer's value. Sections are merged, never
 * replaced: setting `sinks.discord.min_level` in code keeps the webhook URL from .env.
 */

/** The later value, unless it is undefined ("not set in that layer"). */
export function lastDefined<A>(): Semigroup<A | undefined> {
  return { concat: (x, y) => (y === undefined ? x : y) };
}

/** An optional section: merged key by key when both layers have it. */
export function optionalSection<A>(semigroup: Semigroup<A>): Semigroup<A | undefined> {
  return { concat: (x, y) => (x === undefined ? y : y === undefined ? x : semigroup.concat(x, y)) };
}

/** `struct` of `lastDefined` over the keys of a codec's props. */
function lastPerKey<A>(props: object): Semigroup<A> {
  const semigroups = Object.fromEntries(Object.keys(props).map((key) => [key, lastDefined<unknown>()]));
  return fpSemigroup().struct(semigroups) as unknown as Semigroup<A>;
}

type Layer = FlowlogConfigLayer;
type SinksLayer = NonNullable<Layer["sinks"]>;

/** Built by the first merge, so importing flowlog does not load fp-ts (see lazy-packages.ts). */
let built: Semigroup<Layer> | undefined;

function layerSemigroup(): Semigroup<Layer> {
  if (built !== undefined) return built;
  const { struct } = fpSemigroup();
  const sinksSemigroup = struct(
    Object.fromEntries(
      Object.entries(SINK_PROPS).map(([sink, props]) => [sink, optionalSection(lastPerKey<unknown>(props))]),
    ),
  ) as unknown as Semigroup<SinksLayer>;
  built = struct({
    ...Object.fromEntries(Object.keys(TopLevelProps).map((key) => [key, lastDefined<unknown>()])),
    dead_letter: optionalSection(lastPerKey<NonNullable<Layer["dead_letter"]>>(DeadLetterProps)),
    sinks: optionalSection(sinksSemigroup),
  }) as unknown as Semigroup<Layer>;
  return built;
}

/** The semigroup of whole layers. */
export const LayerSemigroup: Semigroup<Layer> = { concat: (x, y) => layerSemigroup().concat(x, y) };

/**
 * Folds the decoded layers, lowest priority first, over the defaults. The result has every
 * key of the defaults; it is decoded once more against the full codec by the caller.
 */
export function mergeLayers(defaults: FlowlogConfig, layers: readonly Layer[]): Layer {
  return fpSemigroup().concatAll(LayerSemigroup)(defaults)(layers);
}
