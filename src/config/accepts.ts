import type * as t from "io-ts";

/*
 * What code may give a codec, when it differs from what the codec decodes to. The level codec
 * decodes to a number (`40`) but code writes `"error"`; a facility decodes to its code but code
 * writes `"local0"`. The typed code layer (`FlowlogConfigInput`) reads this, so a typo there is
 * a compile error while decoding still accepts whatever a file or a variable gives.
 */

/** A codec annotated with what code may give it. `_In` is phantom, like io-ts's own `_A`: never set at run time. */
export interface Accepts<In> {
  readonly _In: In;
}

/** Annotates a codec with the type code may give it (a type-level tag: the codec is returned as is). */
export function accepting<In>() {
  return <C extends t.Mixed>(codec: C): C & Accepts<In> => codec as C & Accepts<In>;
}

/** What code may give a codec: its annotation, or else what it decodes to. */
export type InputOf<C> = C extends Accepts<infer In> ? In : C extends t.Mixed ? t.TypeOf<C> : never;

/** What code may give for a struct of codecs: every key optional. */
export type SectionInput<P> = { readonly [K in keyof P]?: InputOf<P[K]> };
