/**
 * Remote-sink case (issue 15): a Discord sink whose server (127.0.0.1) accepts connections and
 * never answers. Each mode runs in a fresh process, every call timed alone:
 *   file-only   200,000 INFO calls, one NDJSON file sink: caller p50
 *   with-remote the same with the hanging Discord sink configured (min level ERROR): p50
 *   errors      1,000 distinct ERRORs to the hanging Discord sink: the worst call
 * Prints a table with PASS/MISS: errors' max < 1 ms; with-remote p50 <= 2x file-only p50.
 * Each mode runs `--rounds` times (default 3), alternating; the table shows medians. The modes
 * run from an esbuild bundle with plain `node` (as `npm run bench` does): under tsx the first
 * scavenge of its startup garbage (5-15 ms) landed inside one of the 1,000 timed calls.
 *
 *   node --import tsx bench/remote-hang.ts [--records 200000] [--rounds 3]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "./lib/bundle.js";

type Mode = "file-only" | "with-remote" | "errors";
const MODES: readonly Mode[] = ["file-only", "with-remote", "errors"];

const argv = process.argv.slice(2);
const records = Number(argv[argv.indexOf("--records") + 1] ?? 200_000) || 200_000;
const rounds = argv.includes("--rounds") ? Number(argv[argv.indexOf("--rounds") + 1]) || 3 : 3;
const mode = argv.includes("--mode") ? (argv[argv.indexOf("--mode") + 1] as Mode) : undefined;

if (mode === undefined) await orchestrate();
else await runMode(mode);

interface ModeResult {
  readonly p50_us: number;
  readonly max_us: number;
  readonly slowest: string;
}

async function orchestrate(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = await bundleForNode(fileURLToPath(import.meta.url), path.join(here, "results", ".build-remote-hang"));
  const env = { ...process.env };
  if (env.NODE_OPTIONS?.includes("tsx")) delete env.NODE_OPTIONS;
  const runs: Record<Mode, ModeResult[]> = { "file-only": [], "with-remote": [], errors: [] };
  for (let round = 0; round < rounds; round++) {
    // The order rotates each round, so no mode always runs first.
    for (let k = 0; k < MODES.length; k++) {
      const each = MODES[(k + round) % MODES.length];
      const child = spawnSync(process.execPath, [bundled, "--mode", each, "--records", String(records)], { encoding: "utf8", env });
      if (child.status !== 0) throw new Error(`${each} failed: ${child.stderr}`);
      runs[each].push(JSON.parse(child.stdout.trim().split("\n").pop() as string));
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const results = Object.fromEntries(
    MODES.map((each) => [
      each,
      {
        p50_us: median(runs[each].map((run) => run.p50_us)),
        max_us: median(runs[each].map((run) => run.max_us)),
        slowest: runs[each].map((run) => run.slowest).join(" / "),
      },
    ]),
  ) as Record<Mode, ModeResult>;
  const ratio = results["with-remote"].p50_us / results["file-only"].p50_us;
  const lines = [
    `Medians of ${rounds} round(s); load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")} at the end.`,
    "",
    "| case | caller p50 (µs) | caller max (µs) | slowest calls per round (index:µs) |",
    "|---|---:|---:|---|",
    ...MODES.map((each) => `| ${each} | ${results[each].p50_us} | ${results[each].max_us} | ${results[each].slowest} |`),
    "",
    "| target | measured | result |",
    "|---|---|---|",
    `| 1,000 distinct ERRORs to a hanging Discord: max call < 1 ms | ${results.errors.max_us} µs | ${results.errors.max_us < 1000 ? "PASS" : "MISS"} |`,
    `| p50 with a remote sink <= 2x file-only p50 | ${ratio.toFixed(2)}x | ${ratio <= 2 ? "PASS" : "MISS"} |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function runMode(which: Mode): Promise<void> {
  const { Logger, DiscordSink } = await import("../src/index.js");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowlog-bench-remote-"));
  const server = http.createServer(() => {
    // Never answers: the request stays open until the client gives up.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const log = new Logger("bench", {
    cwd: dir,
    env: {},
    config: {
      dead_letter: { enabled: false },
      sinks: { terminal: { enabled: false }, file_json: { enabled: true, path: path.join(dir, "app.ndjson"), min_level: "INFO" } },
    },
  });
  if (which !== "file-only") log.addSink(new DiscordSink({ webhookUrl: `http://127.0.0.1:${port}/api/webhooks/1/bench-token`, timeoutMs: 200, maxRetries: 0 }));

  const calls = which === "errors" ? 1000 : records;
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const a = process.hrtime.bigint();
    if (which === "errors") log.error(`distinct failure ${i}`, { extra: { i } });
    else log.info("request handled", { extra: { route: "/api/items", status: 200, duration_ms: i % 100, user_id: i } });
    samples[i] = Number(process.hrtime.bigint() - a);
  }
  const slowest = [...samples.keys()].sort((x, y) => samples[y] - samples[x]).slice(0, 5).map((i) => `${i}:${(samples[i] / 1e3).toFixed(1)}`).join(" ");
  await log.complete();
  server.closeAllConnections();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const sorted = samples.slice().sort();
  const us = (ns: number) => Math.round(ns) / 1e3;
  process.stdout.write(`${JSON.stringify({ p50_us: us(sorted[Math.floor(calls / 2)]), max_us: us(sorted[calls - 1]), slowest })}\n`);
}
