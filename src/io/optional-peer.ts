import { MissingPeerError } from "../core/errors.js";

/**
 * Optional peer dependencies (nodemailer, the OpenTelemetry packages): imported only when a sink
 * that needs them runs, with one {@link MissingPeerError} naming the `npm install` when absent.
 */

/** Imports a package; injectable so tests can play "not installed". */
export type PeerImporter = () => Promise<unknown>;

/**
 * Imports `pkg` and returns what `pick` finds in it (the module itself or its CommonJS
 * `default`). Throws {@link MissingPeerError} when the package is not installed or has not the
 * expected shape; any other import failure (a broken install) is rethrown as is.
 */
export async function importPeer<T>(pkg: string, forWhat: string, importer: PeerImporter, pick: (mod: unknown) => mod is T): Promise<T> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (err) {
    if (isMissingPackage(err, pkg)) throw new MissingPeerError(pkg, forWhat);
    throw err;
  }
  const candidate = [mod, (mod as { default?: unknown } | null)?.default].find(pick);
  if (candidate === undefined) throw new MissingPeerError(pkg, forWhat);
  return candidate;
}

/** True when `err` says `pkg` itself is not installed (not a package missing inside it). */
export function isMissingPackage(err: unknown, pkg: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  const message = (err as { message?: unknown } | null)?.message;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  // A package missing *inside* the peer names that package, not the peer: not our error.
  return typeof message !== "string" || message.includes(`'${pkg}'`) || message.includes(`"${pkg}"`);
}
