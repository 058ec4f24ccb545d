import * as fs from "node:fs";
import * as path from "node:path";
import { Logger, type Sink } from "../../src/index.js";
import { readLines } from "./temp-dir.js";

/**
 * A Logger for remote-sink tests: a file_json sink (to show the local side gets every record),
 * the dead letter in the temp dir, warnings collected, no terminal, no config files read.
 */
export function alertLogger(dir: string, sinks: Sink[], config: Record<string, unknown> = {}) {
  const warnings: string[] = [];
  const log = new Logger("alerts", {
    cwd: dir,
    env: {},
    onWarning: (message) => warnings.push(message),
    config: {
      dead_letter: { enabled: true, path: "dead.ndjson" },
      sinks: { terminal: { enabled: false }, file_json: { enabled: true, path: "all.ndjson" }, ...config },
    },
  });
  for (const sink of sinks) log.addSink(sink);
  return {
    log,
    warnings,
    deadLetters: () => readLines(path.join(dir, "dead.ndjson")).map((line) => JSON.parse(line)),
    fileLines: () => readLines(path.join(dir, "all.ndjson")),
    /** Everything flowlog wrote or said, to search for planted secrets. */
    everything: (extra: unknown[] = []) =>
      [
        ...warnings,
        ...fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), "utf8")),
        ...extra.map((value) => (typeof value === "string" ? value : JSON.stringify(value))),
      ].join("\n"),
  };
}

/** Fast retry settings for tests: real time, small numbers. */
export const FAST = { batchMs: 20, baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 1000 } as const;

/**
 * The dead-letter reason (and lastError) of records complete()'s deadline stopped: not an
 * attempt's own timeout, not a server's answer. A test that sees it knows complete() kept its
 * deadline, without timing anything.
 */
export const STOPPED_AT_DEADLINE = "stopped before delivery (deadline or exit)";
