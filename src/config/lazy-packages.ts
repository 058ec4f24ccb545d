import { createRequire } from "node:module";
import type * as Dotenv from "dotenv";
import type * as FpEither from "fp-ts/lib/Either.js";
import type * as FpSemigroup from "fp-ts/lib/Semigroup.js";
import type * as IoTs from "io-ts";
import type * as JsYaml from "js-yaml";

/*
 * The packages configuration is built on, each loaded by the first call that needs it instead
 * of by `import "flowlog"` (issue 15: a short-lived process pays for every module it loads).
 * io-ts and fp-ts load with the first validation (the first `new Logger` or loadConfig), js-yaml
 * only when a YAML config file is read, dotenv only when a `.env` file is. All four ship
 * CommonJS, so `require` loads them synchronously (`new Logger` stays synchronous) from the
 * ES module build, from a bundle and under tsx alike.
 */

const requireHere = createRequire(import.meta.url);

function onFirstUse<T>(pkg: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(pkg) as T);
}

export const ioTs = onFirstUse<typeof IoTs>("io-ts");
export const fpEither = onFirstUse<typeof FpEither>("fp-ts/lib/Either.js");
export const fpSemigroup = onFirstUse<typeof FpSemigroup>("fp-ts/lib/Semigroup.js");
export const jsYaml = onFirstUse<typeof JsYaml>("js-yaml");
export const dotenv = onFirstUse<typeof Dotenv>("dotenv");
