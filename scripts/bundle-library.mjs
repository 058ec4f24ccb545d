/**
 * The library's runtime code as one ES module, dist/index.js (issue 15, one-shot import).
 *
 * `tsc` (run first) emits one .js file per source file and the .d.ts types. Loading ~130 small
 * ES modules costs Node ~0.35 ms and ~65 KB of RSS each before any of them runs, which is most
 * of what `import "flowlog"` cost beyond its packages. So the library entry is bundled with
 * esbuild: npm packages stay external (rxjs, io-ts, ... are the user's own copies, loaded as
 * before), names are kept (error and sink class names appear in records and reports), and the
 * source map points into src/, which the package ships. The per-file .js that the bundle
 * replaces are removed; the types stay per file, and the `flowlog` command (dist/cli/) stays
 * per file and imports the bundle like any user.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

await build({
  entryPoints: [path.join(root, "src", "index.ts")],
  outfile: path.join(dist, "index.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  keepNames: true,
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
});

// What tsc emitted for the library's own files, now inside dist/index.js.
for (const entry of fs.readdirSync(dist, { recursive: true, withFileTypes: true })) {
  const file = path.join(entry.parentPath, entry.name);
  const relative = path.relative(dist, file);
  const replaced = /\.js(\.map)?$/.test(entry.name) && !/^index\.js(\.map)?$/.test(relative) && !relative.startsWith(`cli${path.sep}`);
  if (entry.isFile() && replaced) fs.rmSync(file);
}
