import * as path from "node:path";
import type { FlowlogConfig } from "../config/index.js";
import { FlowlogConfigError } from "../errors.js";
import type { Format } from "../format/index.js";
import { FileSink } from "./file.js";
import type { Sink } from "./sink.js";
import { TerminalSink, type TerminalStreams } from "./terminal.js";

export interface SinkEnvironment {
  /** Base of relative file paths. */
  readonly cwd: string;
  /** Read for NO_COLOR / FORCE_COLOR. */
  readonly env: Record<string, string | undefined>;
  readonly terminalStreams?: TerminalStreams;
}

/** The file sinks of the config, by key, with the format each one writes. */
const FILE_SINKS = [
  ["file_text", "text"],
  ["file_json", "json"],
  ["file_csv", "csv"],
  ["file_markdown", "markdown"],
] as const satisfies ReadonlyArray<readonly [keyof FlowlogConfig["sinks"], Format]>;

const REMOTE_SINKS = ["discord", "email", "telegram", "whatsapp"] as const;

/** Builds the enabled sinks of a decoded config; each is named after its config key. */
export function sinksFromConfig(config: FlowlogConfig, environment: SinkEnvironment): Sink[] {
  const sinks: Sink[] = [];
  const { terminal } = config.sinks;
  if (terminal.enabled) {
    sinks.push(
      new TerminalSink({
        name: "terminal",
        minLevel: terminal.min_level,
        stderrLevel: terminal.stderr_level,
        colors: terminal.colors,
        streams: environment.terminalStreams,
        env: environment.env,
      }),
    );
  }
  for (const [key, format] of FILE_SINKS) {
    const file = config.sinks[key];
    if (!file.enabled) continue;
    sinks.push(
      new FileSink(path.resolve(environment.cwd, file.path), {
        name: key,
        format,
        minLevel: file.min_level,
        maxBytes: file.max_bytes,
        backupCount: file.backup_count,
      }),
    );
  }
  const unavailable = REMOTE_SINKS.filter((key) => config.sinks[key].enabled);
  if (unavailable.length > 0) {
    throw new FlowlogConfigError(
      unavailable.map((key) => `sinks.${key}: the ${key} sink is not available in this version of flowlog yet`),
    );
  }
  return sinks;
}
