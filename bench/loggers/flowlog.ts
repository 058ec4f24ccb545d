/**
 * flowlog, configured the way a user would: the code layer of `new Logger`, no terminal, no
 * dead letter, one NDJSON file sink at INFO (or json + text + csv for the fan-out case, or the
 * syslog sink to a local rsyslogd for the syslog case, or sinks.otlp to a loopback OTLP/HTTP
 * receiver for the otel case).
 * Imported from src/ through tsx, so the benchmark measures the working tree.
 */
import * as path from "node:path";
import { Logger } from "../../src/index.js";
import type { DeliveryReport } from "../../src/index.js";
import { MESSAGE, ROUTE, type BenchLogger, type FinishCheck, type OutputFile } from "../lib/common.js";

export function create(): BenchLogger {
  let log: Logger | undefined;
  let expected = 0;
  let sinkNames: string[] = [];

  return {
    async setup(dir, { records, fanout, syslogPort, otlpEndpoint }) {
      expected = records;
      if (otlpEndpoint !== undefined) {
        // The official SDK pipeline (sinks.otlp); delivered = the receiver answered 2xx. max_queue
        // holds the whole burst, as in the syslog case.
        sinkNames = ["otlp"];
        log = new Logger("bench", {
          cwd: dir,
          env: {},
          config: {
            dead_letter: { enabled: false },
            sinks: { terminal: { enabled: false }, otlp: { enabled: true, endpoint: otlpEndpoint, min_level: "INFO", max_queue: records } },
          },
        });
        return { files: [] };
      }
      if (syslogPort !== undefined) {
        // max_queue holds the whole burst: the case logs it in one synchronous loop, faster than
        // any socket drains, and the default 10,000 would shed (and count) most of it.
        sinkNames = ["syslog"];
        log = new Logger("bench", {
          cwd: dir,
          env: {},
          config: {
            dead_letter: { enabled: false },
            sinks: { terminal: { enabled: false }, syslog: { enabled: true, port: syslogPort, min_level: "INFO", max_queue: records } },
          },
        });
        return { files: [] };
      }
      const files: OutputFile[] = [{ path: path.join(dir, "app.ndjson"), format: "json", headerLines: 0 }];
      const sinks: Record<string, unknown> = {
        terminal: { enabled: false },
        file_json: { enabled: true, path: files[0].path, min_level: "INFO" },
      };
      sinkNames = ["file_json"];
      if (fanout) {
        files.push({ path: path.join(dir, "app.log"), format: "text", headerLines: 0 });
        files.push({ path: path.join(dir, "app.csv"), format: "csv", headerLines: 1 });
        sinks.file_text = { enabled: true, path: files[1].path, min_level: "INFO" };
        sinks.file_csv = { enabled: true, path: files[2].path, min_level: "INFO" };
        sinkNames = ["file_json", "file_text", "file_csv"];
      }
      log = new Logger("bench", {
        cwd: dir,
        env: {},
        config: { dead_letter: { enabled: false }, sinks },
      });
      return { files };
    },

    log(i) {
      log!.info(MESSAGE, { extra: { route: ROUTE, status: 200, duration_ms: i % 100, user_id: i } });
    },

    disabledLog(i) {
      log!.debug(MESSAGE, { extra: { route: ROUTE, status: 200, duration_ms: i % 100, user_id: i } });
    },

    async finish(): Promise<FinishCheck> {
      const report: DeliveryReport = await log!.complete();
      const problems: string[] = [];
      for (const name of sinkNames) {
        const sink = report.sinks[name];
        if (!sink) {
          problems.push(`${name}: missing from the report`);
          continue;
        }
        if (sink.accepted !== expected || sink.delivered !== expected || sink.dropped !== 0 || sink.failed !== 0) {
          problems.push(
            `${name}: accepted ${sink.accepted}, delivered ${sink.delivered}, dropped ${sink.dropped} ` +
              `${JSON.stringify(sink.droppedBy)}, failed ${sink.failed} (expected ${expected} delivered)` +
              (sink.lastError ? `, last error ${sink.lastError}` : ""),
          );
        }
      }
      return {
        ok: problems.length === 0,
        detail: problems.length === 0 ? `report: ${expected} delivered per sink` : problems.join("; "),
        data: report,
      };
    },
  };
}
