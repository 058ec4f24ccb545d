import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { SinkReport } from "../../src/index.js";
import { Rsyslog } from "../helpers/rsyslog.js";
import { parseStructuredData, sdParam } from "../helpers/syslog-parse.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "syslog-child.ts");
const INSTANCES = 8;
const RECORDS = 10_000;

interface Instance {
  readonly child: ChildProcess;
  readonly done: Promise<SinkReport>;
}

/** Starts one application instance: a child process shipping RECORDS records at `perSecond`. */
function startInstance(dir: string, port: number, instance: number, perSecond: number): Instance {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, dir, String(port), String(instance), String(RECORDS), String(perSecond)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<SinkReport>((resolve, reject) =>
    child.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code === 0 && line !== undefined) resolve(JSON.parse(line.slice("RESULT ".length)) as SinkReport);
      else reject(new Error(`instance ${instance} exited with ${code}: ${err || out}`));
    }),
  );
  return { child, done };
}

/** The ids rsyslog wrote, with how often each arrived. */
function arrivals(rsyslog: Rsyslog): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of rsyslog.received()) {
    const id = sdParam(parseStructuredData(message.sd), "extra@32473", "id") as string;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function allIds(): string[] {
  const ids: string[] = [];
  for (let instance = 0; instance < INSTANCES; instance++) for (let i = 0; i < RECORDS; i++) ids.push(`${instance}-${i}`);
  return ids;
}

describe(`SyslogSink: ${INSTANCES} instances x ${RECORDS.toLocaleString("en")} records over TCP to one real rsyslogd`, function () {
  this.timeout(400_000);
  let instances: Instance[] = [];
  before(function () {
    if (!Rsyslog.available()) this.skip();
  });
  // Before useTempDir, so it runs first: the children and rsyslogd stop before their directory goes.
  afterEach(async () => {
    for (const { child } of instances) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await Promise.allSettled(instances.map((instance) => instance.done));
    instances = [];
    await Rsyslog.stopAll();
  });
  const dir = useTempDir("flowlog-syslog-many-");

  it("every record arrives exactly once, and every report adds up", async () => {
    const rsyslog = await Rsyslog.start(dir());
    instances = Array.from({ length: INSTANCES }, (_, instance) => startInstance(dir(), rsyslog.tcpPort, instance, 20_000));
    const reports = await Promise.all(instances.map((instance) => instance.done));
    for (const report of reports) {
      expect(report).to.include({ accepted: RECORDS, delivered: RECORDS, failed: 0, dropped: 0 });
    }
    await rsyslog.waitForCount(INSTANCES * RECORDS, 200_000);
    const counts = arrivals(rsyslog);
    expect(counts.size).to.equal(INSTANCES * RECORDS);
    const repeated = [...counts].filter(([, n]) => n !== 1);
    expect(repeated, "ids that arrived more than once").to.deep.equal([]);
    expect(allIds().filter((id) => !counts.has(id))).to.deep.equal([]);
  });

  it("rsyslog stopped for 2 s mid-run and started on the same port: every record arrives or is counted failed (dead-lettered) or dropped", async () => {
    const rsyslog = await Rsyslog.start(dir());
    // About 10 s per instance, so the outage falls in the middle of every run, even on a loaded machine.
    instances = Array.from({ length: INSTANCES }, (_, instance) => startInstance(dir(), rsyslog.tcpPort, instance, 1_000));
    // Eight tsx processes starting on a loaded 2-core machine took over a minute (load average 30).
    await waitUntil(() => rsyslog.count() >= (INSTANCES * RECORDS) / 10, 200_000);
    const running = instances.filter(({ child }) => child.exitCode === null && child.signalCode === null).length;
    expect(running, "instances still logging when rsyslog goes down").to.equal(INSTANCES);
    const stopping = performance.now();
    await rsyslog.stop();
    const stopMs = Math.round(performance.now() - stopping);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the outage itself: 2 s down
    await rsyslog.restart();
    const beforeRestart = rsyslog.count();
    const reports = await Promise.all(instances.map((instance) => instance.done));
    await waitUntil(() => rsyslog.count() > beforeRestart, 10_000); // the instances reconnected

    const counts = arrivals(rsyslog);
    let lost = 0;
    for (let instance = 0; instance < INSTANCES; instance++) {
      const report = reports[instance];
      expect(report.accepted, `instance ${instance} accepted`).to.equal(RECORDS);
      expect(report.accepted, `instance ${instance} adds up`).to.equal(report.delivered + report.dropped + report.failed);
      expect(report.deadLettered, `instance ${instance}: every failed record is in the dead letter`).to.equal(report.failed);
      const dead = new Set(readLines(path.join(dir(), `dead-${instance}.ndjson`)).map((line) => (JSON.parse(line) as { extra: { id: string } }).extra.id));
      expect(dead.size).to.equal(report.failed);
      let unaccounted = 0;
      const missing: number[] = [];
      for (let i = 0; i < RECORDS; i++) {
        const id = `${instance}-${i}`;
        if (!counts.has(id) && !dead.has(id)) {
          unaccounted++;
          missing.push(i);
        }
      }

      // A dropped record leaves no trace but its count: at most that many may be missing.
      const where = missing.length === 0 ? "" : ` (records ${missing[0]}..${missing[missing.length - 1]}; rsyslog stopped in ${stopMs} ms; rsyslog said: ${rsyslog.output.slice(-500)})`;
      expect(unaccounted, `instance ${instance}: missing records beyond the dropped count${where}`).to.be.at.most(report.dropped);
      lost += unaccounted;
    }
    const totals = reports.reduce(
      (sum, r) => ({ delivered: sum.delivered + r.delivered, failed: sum.failed + r.failed, dropped: sum.dropped + r.dropped }),
      { delivered: 0, failed: 0, dropped: 0 },
    );
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log(`      outage (rsyslog took ${stopMs} ms to stop; ${rsyslog.count() - beforeRestart} lines after the restart): ${JSON.stringify(totals)}, arrived ${counts.size} distinct, ${duplicates} duplicates (resend window), ${lost} missing and dropped`);
  });
});
