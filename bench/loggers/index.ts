/**
 * The registry: each logger's module is imported only in the process that benchmarks it, so a
 * case's memory and startup hold one logger's code, never the others'.
 */
import type { BenchLogger, LoggerId } from "../lib/common.js";

export async function loadLogger(id: LoggerId): Promise<BenchLogger> {
  switch (id) {
    case "flowlog":
      return (await import("./flowlog.js")).create();
    case "pino-async":
      return (await import("./pino.js")).create("async");
    case "pino-sync":
      return (await import("./pino.js")).create("sync");
    case "winston":
      return (await import("./winston.js")).create();
  }
}
