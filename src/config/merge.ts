import { concatAll, struct, type Semigroup } from "fp-ts/lib/Semigroup.js";
import { DeadLetterProps, SINK_PROPS, TopLevelProps, type FlowlogConfig, type FlowlogConfigLayer } from "./codecs.js";

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
  return struct(semigroups) as unknown as Semigroup<A>;
}

type Layer = FlowlogConfigLayer;
type SinksLayer = NonNullable<Layer["sinks"]>;

const sinksSemigroup = struct(
  Object.fromEntries(
    Object.entries(SINK_PROPS).map(([sink, props]) => [sink, optionalSection(lastPerKey<unknown>(props))]),
  ),
) as unknown as Semigroup<SinksLayer>;

/** The semigroup of whole layers. */
export const LayerSemigroup = struct({
  ...Object.fromEntries(Object.keys(TopLevelProps).map((key) => [key, lastDefined<unknown>()])),
  dead_letter: optionalSection(lastPerKey<NonNullable<Layer["dead_letter"]>>(DeadLetterProps)),
  sinks: optionalSection(sinksSemigroup),
}) as unknown as Semigroup<Layer>;

/**
 * Folds the decoded layers, lowest priority first, over the defaults. The result has every
 * key of the defaults; it is decoded once more against the full codec by the caller.
 */
export function mergeLayers(defaults: FlowlogConfig, layers: readonly Layer[]): Layer {
  return concatAll(LayerSemigroup)(defaults)(layers);
}
