import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Logger } from "../../src/index.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { useTempDir } from "../helpers/temp-dir.js";

/**
 * What a file sink's formatter remembers (the last second's timestamp, the last logger name,
 * the `extra` texts its logger's sinks share) belongs to that sink and its logger, not to the
 * process (issue 11, point 3): two loggers with different sinks, names and clocks, logging in
 * turns in one process, write exactly what each writes alone.
 */
describe("FileSink: two loggers in one process keep their formatting apart", () => {
  const dir = useTempDir();

  const START = Date.UTC(2026, 10, 24, 9, 12, 54, 123);
  /** A clock that moves by `step` ms a call: seconds change now and then, differently per logger. */
  const steppingClock = (step: number) => {
    let now = START;
    return () => (now += step);
  };

  /** Logger "api": json + text + csv, sharing one serialisation of extra; its clock moves 337 ms a record. */
  const api = (folder: string) =>
    quietLogger("api", folder, {
      file_json: { enabled: true, path: "api.ndjson" },
      file_text: { enabled: true, path: "api.log" },
      file_csv: { enabled: true, path: "api.csv" },
    }, { clock: steppingClock(337) }).log;
  /** Logger "worker\nq": json only, at WARNING, a name JSON must escape; its clock moves 1,001 ms a record. */
  const worker = (folder: string) =>
    quietLogger("worker\nq", folder, { file_json: { enabled: true, path: "worker.ndjson", min_level: "WARNING" } }, { clock: steppingClock(1001) }).log;

  /** The n-th record of a logger; `reads` counts how often its extra was serialised. */
  const logOne = (log: Logger, n: number, reads: { count: number }) =>
    log.error(`event ${n}`, {
      extra: {
        n,
        get serialised() {
          reads.count++;
          return true;
        },
      },
    });

  const files = (folder: string) =>
    Object.fromEntries(fs.readdirSync(folder).sort().map((name) => [name, fs.readFileSync(path.join(folder, name), "utf8")]));

  it("write exactly what each writes alone, and each shares extra among its own sinks only", async () => {
    const RECORDS = 40;
    const apart = { api: path.join(dir(), "api-alone"), worker: path.join(dir(), "worker-alone"), together: path.join(dir(), "together") };
    for (const folder of Object.values(apart)) fs.mkdirSync(folder);

    for (const [make, folder] of [[api, apart.api], [worker, apart.worker]] as const) {
      const log = make(folder);
      for (let n = 0; n < RECORDS; n++) logOne(log, n, { count: 0 });
      expectReportAddsUp(await log.complete());
    }

    const apiLog = api(apart.together);
    const workerLog = worker(apart.together);
    const apiReads = { count: 0 };
    const workerReads = { count: 0 };
    for (let n = 0; n < RECORDS; n++) {
      logOne(apiLog, n, apiReads);
      logOne(workerLog, n, workerReads);
    }
    // The worker finishes first: its sink detaching must not change how the api's sinks share.
    expectReportAddsUp(await workerLog.complete());
    for (let n = RECORDS; n < 2 * RECORDS; n++) logOne(apiLog, n, apiReads);
    expectReportAddsUp(await apiLog.complete());

    const together = files(apart.together);
    const alone = { ...files(apart.api), ...files(apart.worker) };
    expect(Object.keys(together)).to.deep.equal(["api.csv", "api.log", "api.ndjson", "worker.ndjson"]);
    expect(together["worker.ndjson"]).to.equal(alone["worker.ndjson"]);
    for (const name of ["api.csv", "api.log", "api.ndjson"]) {
      // The api logged 40 more records in the shared run: its first 40 are the run alone's.
      expect(together[name].startsWith(alone[name]), name).to.equal(true);
    }
    expect(apiReads.count, "api: three sinks, one serialisation per record").to.equal(2 * RECORDS);
    expect(workerReads.count, "worker: one sink, one serialisation per record").to.equal(RECORDS);
  });
});
