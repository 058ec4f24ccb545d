// Every source a shipped source map names must be in the installed package: a map that points
// at files the tarball does not contain is worse than none. Run in the consumer folder.
const fs = require("node:fs");
const path = require("node:path");

const root = path.dirname(require.resolve("flowlog/package.json"));
const missing = [];
let maps = 0;
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.name.endsWith(".map")) {
      maps++;
      const map = JSON.parse(fs.readFileSync(file, "utf8"));
      for (const source of map.sources) {
        const resolved = path.resolve(path.dirname(file), map.sourceRoot || "", source);
        if (!fs.existsSync(resolved)) missing.push(`${path.relative(root, file)} -> ${source}`);
      }
    }
  }
}
walk(path.join(root, "dist"));
if (maps === 0 || missing.length > 0) {
  console.error(maps === 0 ? "no source maps found in dist" : `source maps name files the package does not ship:\n  ${missing.slice(0, 20).join("\n  ")}`);
  process.exit(1);
}
console.log(`${maps} source maps, every source present`);
