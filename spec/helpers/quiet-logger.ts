import { Logger, type LoggerOptions } from "../../src/index.js";

/**
 * A Logger for tests: configured only from `config` (no terminal unless asked), reading no
 * real flowlog.yaml, .env or FLOWLOG_* variables, with warnings collected instead of printed.
 */
export function quietLogger(
  name: string,
  cwd: string,
  sinks: Record<string, unknown> = {},
  options: Partial<LoggerOptions> = {},
): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const log = new Logger(name, {
    cwd,
    env: {},
    onWarning: (message) => warnings.push(message),
    ...options,
    config: { dead_letter: { enabled: false }, sinks: { terminal: { enabled: false }, ...sinks } },
  });
  return { log, warnings };
}
