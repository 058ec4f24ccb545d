import type * as t from "io-ts";

/**
 * A codec that is built by its first use, standing in for it until then (and forwarding to it
 * after): the schema's codecs are declared at module level, as they read best, without loading
 * io-ts when flowlog is imported (see lazy-packages.ts). Every property (`name`, `is`,
 * `validate`, `encode`, `decode`, ...) and `instanceof` answer as the built codec's, so io-ts's
 * combinators and the error reports see no difference.
 */
export function lazyCodec<C extends t.Any>(build: () => C): C {
  let built: C | undefined;
  const codec = (): C => (built ??= build());
  return new Proxy({} as C, {
    get: (_, key) => Reflect.get(codec(), key),
    has: (_, key) => Reflect.has(codec(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(codec()),
  });
}
