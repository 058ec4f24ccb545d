/**
 * One-shot import case (issue 15): a fresh `node` process that imports the logger and exits,
 * the way a short-lived CLI or a serverless cold start pays for it. Wall time of the whole
 * process (spawn to exit) and RSS right after the import; flowlog from the built `dist/`
 * (run `npm run build` first), pino from node_modules. Rounds alternate; medians.
 * Prints PASS/MISS: wall <= 1.5x pino's; RSS <= pino's + 10 MB.
 *
 *   node --import tsx bench/import-time.ts [--rounds 7]
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const rounds = Number(argv[argv.indexOf("--rounds") + 1] ?? 7) || 7;
const TARGETS = {
  flowlog: pathToFileURL(path.join(root, "dist", "index.js")).href,
  pino: "pino",
} as const;

type Name = keyof typeof TARGETS;
const wall: Record<Name, number[]> = { flowlog: [], pino: [] };
const rss: Record<Name, number[]> = { flowlog: [], pino: [] };

for (let round = 0; round < rounds; round++) {
  const order: Name[] = round % 2 === 0 ? ["flowlog", "pino"] : ["pino", "flowlog"];
  for (const name of order) {
    const script = `await import(${JSON.stringify(TARGETS[name])}); process.stdout.write(String(process.memoryUsage().rss));`;
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
    wall[name].push(ms);
    rss[name].push(Number(child.stdout) / 2 ** 20);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const w = { flowlog: median(wall.flowlog), pino: median(wall.pino) };
const r = { flowlog: median(rss.flowlog), pino: median(rss.pino) };
process.stdout.write(
  [
    `| one-shot import (${rounds} rounds, medians) | wall ms (start to exit) | RSS after import MB |`,
    "|---|---:|---:|",
    `| flowlog | ${w.flowlog.toFixed(0)} | ${r.flowlog.toFixed(1)} |`,
    `| pino | ${w.pino.toFixed(0)} | ${r.pino.toFixed(1)} |`,
    "",
    "| target | measured | result |",
    "|---|---|---|",
    `| wall <= 1.5x pino's | ${(w.flowlog / w.pino).toFixed(2)}x | ${w.flowlog <= 1.5 * w.pino ? "PASS" : "MISS"} |`,
    `| RSS <= pino's + 10 MB | +${(r.flowlog - r.pino).toFixed(1)} MB | ${r.flowlog <= r.pino + 10 ? "PASS" : "MISS"} |`,
    "",
  ].join("\n"),
);
