import { AsyncLocalStorage } from "node:async_hooks";

/*
 * Request-scoped context for every logger: `log.withContext(bindings, fn)` keeps the bindings
 * in one AsyncLocalStorage for flowlog (shared by every Logger, so a library's logger sees the
 * application's request id), and each record made inside `fn`, across awaits and timers,
 * carries them under `extra`.
 *
 * Zero cost until first used: the storage is created by the first withContext call (Node 20
 * turns on its async hooks only then), and a log call checks one module variable before that.
 */

type Bindings = Readonly<Record<string, unknown>>;

/** Undefined until the first withContext: then log calls look the context up. */
let storage: AsyncLocalStorage<Bindings> | undefined;

/**
 * Runs `fn` with `bindings` as the context, merged over the context it is called in (the inner
 * key wins). Returns what `fn` returns (its promise, for an async `fn`).
 */
export function runWithContext<R>(bindings: Bindings, fn: () => R): R {
  storage ??= new AsyncLocalStorage<Bindings>();
  const outer = storage.getStore();
  // A frozen copy: the caller may change its object later; the context must not change under records.
  const merged = Object.freeze(outer === undefined ? { ...bindings } : { ...outer, ...bindings });
  return storage.run(merged, fn);
}

/** The context of the current call, or undefined (always, until withContext is first used). */
export function currentContext(): Bindings | undefined {
  return storage === undefined ? undefined : storage.getStore();
}

/**
 * The bindings of a record: the context under the logger's child bindings (the more specific
 * wins; the call's own `extra` wins over both, in makeRecord). Allocates only when both exist.
 */
export function withCurrentContext(bindings: Bindings | undefined): Bindings | undefined {
  const context = currentContext();
  if (context === undefined) return bindings;
  return bindings === undefined ? context : { ...context, ...bindings };
}
