/**
 * Bundles a bench entry with everything it imports from bench/ and src/ (esbuild, the compiler
 * tsx itself uses; npm packages stay external) so the measured process runs plain `node`: no
 * loader hooks, no esbuild worker, and none of tsx's ~30 MB of startup garbage waiting for the
 * first scavenge, which otherwise lands inside a timed log call.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Writes `<outdir>/<entry name>.mjs` (plus chunks) and returns its path. */
export async function bundleForNode(entry: string, outdir: string): Promise<string> {
  const esbuild = await import("esbuild");
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
  return path.join(outdir, `${path.basename(entry, path.extname(entry))}.mjs`);
}
