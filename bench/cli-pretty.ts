/**
 * `flowlog pretty` on a large file: peak RSS and throughput, to show that memory stays flat as
 * the file grows (issue 14: constant memory on a 1 GB file). Not a test: it takes a while and
 * needs disk.
 *
 *   npx tsx bench/cli-pretty.ts                 # 100 MB and 1 GB, terminal and json formats
 *   npx tsx bench/cli-pretty.ts --sizes 50m,200m --formats terminal
 *
 * It builds the package (npm run build), writes an NDJSON file of flowlog records (mixed levels,
 * loggers, extras, one exception in 100, one malformed line in 1,000) in a temp directory, then
 * runs `node dist/cli/main.js pretty FILE --format F > /dev/null` in a fresh process per case.
 * Peak RSS is the child's own `process.resourceUsage().maxRSS`, read in its 'exit' event by a
 * preloaded script, so nothing is sampled. The temp directory is removed at the end.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100m,1g" },
    formats: { type: "string", default: "terminal,json" },
  },
});

const UNITS: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9 };
function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(text.trim());
  if (!match) throw new Error(`bad size ${text}`);
  return Math.round(Number(match[1]) * (UNITS[match[2].toLowerCase()] ?? 1));
}

const LEVELS: [string, number][] = [["DEBUG", 10], ["INFO", 20], ["INFO", 20], ["INFO", 20], ["WARNING", 30], ["ERROR", 40], ["AUDIT", 25]];
const LOGGERS = ["api", "worker", "db", "auth"];

/** Writes about `bytes` of NDJSON, 1 MB at a time. */
async function writeLog(file: string, bytes: number): Promise<number> {
  const out = fs.createWriteStream(file);
  let written = 0;
  let records = 0;
  let time = Date.UTC(2026, 10, 24, 9);
  while (written < bytes) {
    let chunk = "";
    while (chunk.length < 1_000_000) {
      const [level, levelno] = LEVELS[records % LEVELS.length];
      time += 7;
      let line = `{"time":"${new Date(time).toISOString()}","level":"${level}","levelno":${levelno},"logger":"${LOGGERS[records % 4]}","msg":"request ${records} handled in ${records % 997} ms","extra":{"route":"/api/v1/items/${records % 100}","status":${records % 13 === 0 ? 500 : 200},"user_id":${records % 5000}}`;
      if (records % 100 === 0) line += `,"exc":{"type":"TypeError","message":"boom ${records}","stack":"TypeError: boom\\n    at handler (/app/src/h.js:10:5)\\n    at run (/app/src/r.js:3:1)"}`;
      chunk += `${line}}\n`;
      if (records % 1000 === 999) chunk += "a line that is not JSON\n";
      records++;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return records;
}

interface Result {
  readonly size: string;
  readonly format: string;
  readonly seconds: number;
  readonly mbPerSecond: number;
  readonly peakRssMb: number;
}

function runPretty(file: string, format: string, rssFile: string, preload: string): Promise<{ seconds: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--require", preload, path.join(root, "dist", "cli", "main.js"), "pretty", "--no-progress", "--format", format, file], {
      stdio: ["ignore", fs.openSync("/dev/null", "w"), "inherit"],
      env: { ...process.env, FLOWLOG_BENCH_RSS_FILE: rssFile, NO_COLOR: "1" },
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`pretty exited with ${code}`));
      const seconds = (performance.now() - started) / 1000;
      resolve({ seconds, peakRssMb: Number(fs.readFileSync(rssFile, "utf8")) / 1024 });
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowlog-cli-bench-"));
try {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  const preload = path.join(dir, "report-rss.cjs");
  fs.writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(process.env.FLOWLOG_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);
  const results: Result[] = [];
  for (const size of values.sizes.split(",")) {
    const file = path.join(dir, `app-${size}.ndjson`);
    const bytes = parseSize(size);
    process.stderr.write(`writing ${size} of NDJSON...\n`);
    const records = await writeLog(file, bytes);
    const actual = fs.statSync(file).size;
    process.stderr.write(`  ${(actual / 1e6).toFixed(0)} MB, ${records.toLocaleString("en")} records\n`);
    for (const format of values.formats.split(",")) {
      const run = await runPretty(file, format, path.join(dir, "rss"), preload);
      results.push({ size, format, seconds: run.seconds, mbPerSecond: actual / 1e6 / run.seconds, peakRssMb: run.peakRssMb });
      process.stderr.write(`  --format ${format}: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(1)} MB\n`);
    }
    fs.rmSync(file);
  }
  console.log("| input | --format | time (s) | MB/s | peak RSS (MB) |");
  console.log("|---|---|---:|---:|---:|");
  for (const r of results) console.log(`| ${r.size} | ${r.format} | ${r.seconds.toFixed(1)} | ${r.mbPerSecond.toFixed(1)} | ${r.peakRssMb.toFixed(1)} |`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
