import { expect } from "chai";
import * as os from "node:os";
import { Logger } from "../../src/index.js";
import { SyslogSink, type SyslogSinkOptions } from "../../src/sinks/syslog.js";
import { toWellFormed } from "../../src/format/escape.js";
import { LEVEL_NAMES } from "../../src/core/levels.js";
import { alertLogger, FAST } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { Rsyslog, testCertificates, type ReceivedSyslog } from "../helpers/rsyslog.js";
import { parseStructuredData, sdParam } from "../helpers/syslog-parse.js";
import { useTempDir } from "../helpers/temp-dir.js";

const SEVERITY = { DEBUG: 7, INFO: 6, AUDIT: 5, WEBHOOK: 5, WARNING: 4, SECURITY: 4, ERROR: 3, DEPLOY: 5, CRITICAL: 2 } as const;

/** The MSG rsyslog stored, without the BOM flowlog puts first. */
function text(message: ReceivedSyslog): string {
  expect(message.msg.startsWith("\uFEFF"), "MSG starts with a BOM").to.equal(true);
  return message.msg.slice(1);
}

function idOf(message: ReceivedSyslog): string | undefined {
  return sdParam(parseStructuredData(message.sd), "extra@32473", "id");
}

describe("SyslogSink (against a real rsyslogd)", function () {
  before(function () {
    if (!Rsyslog.available()) {
      console.warn("    rsyslogd is not installed (apt-get install rsyslog rsyslog-gnutls): syslog specs skipped");
      this.skip();
    }
  });
  // Before useTempDir, so it runs first: rsyslogd stops before its directory goes.
  afterEach(async () => {
    await Rsyslog.stopAll();
  });
  const dir = useTempDir("flowlog-syslog-");
  const sink = (options: SyslogSinkOptions) => new SyslogSink({ ...FAST, minLevel: "DEBUG", ...options });

  it("TCP: every record arrives once with its PRI, timestamp, app name, hostname, procid and structured data", async () => {
    const rsyslog = await Rsyslog.start(dir());
    const { log, fileLines } = alertLogger(dir(), [sink({ port: rsyslog.tcpPort })]);
    let n = 0;
    for (let round = 0; round < 20; round++) {
      for (const level of LEVEL_NAMES) log.log(level, `${level} record ${n}`, { extra: { id: n++, round } });
    }
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.syslog).to.include({ accepted: n, delivered: n, failed: 0, dropped: 0 });

    const received = await rsyslog.waitForCount(n);
    expect(received).to.have.length(n);
    const times = new Map(fileLines().map((line) => JSON.parse(line) as { time: string; extra: { id: number } }).map((r) => [String(r.extra.id), r.time]));
    const seen = new Set<string>();
    for (const message of received) {
      const sd = parseStructuredData(message.sd);
      const level = sdParam(sd, "flowlog@32473", "level") as keyof typeof SEVERITY;
      const id = sdParam(sd, "extra@32473", "id") as string;
      expect(seen.has(id), `id ${id} once`).to.equal(false);
      seen.add(id);
      expect(message.pri, level).to.equal(String(16 * 8 + SEVERITY[level]));
      expect(message.ts).to.equal(times.get(id));
      expect(message).to.include({ app: "alerts", host: os.hostname().replace(/[^\x21-\x7e]/g, "_"), procid: String(process.pid), msgid: "-", input: "imtcp" });
      expect(sdParam(sd, "flowlog@32473", "logger")).to.equal("alerts");
      expect(text(message)).to.equal(`${level} record ${id}`);
    }
  });

  it("hostile text (line breaks, ], \", \\, non-ASCII, escapes) arrives intact in MSG and SD", async () => {
    const rsyslog = await Rsyslog.start(dir());
    const { log } = alertLogger(dir(), [sink({ port: rsyslog.tcpPort, appName: "billing", facility: "audit" })]);
    const hostile = [
      'forged\n<13>1 2020-01-01T00:00:00Z evil app - - - injected',
      'quote " backslash \\ bracket ] [x@1 a="b"]',
      "ünïcödé 中文 🚀 \x1b[31m red \t tab",
      "lone \ud800 surrogate",
    ];
    hostile.forEach((msg, id) => log.warning(msg, { extra: { id, value: msg, obj: { msg } } }));
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.syslog).to.include({ delivered: hostile.length, failed: 0 });

    const received = await rsyslog.waitForCount(hostile.length);
    expect(received).to.have.length(hostile.length);
    for (const message of received) {
      const id = Number(idOf(message));
      const expected = toWellFormed(hostile[id]);
      expect(message.pri).to.equal(String(13 * 8 + 4));
      expect(message.app).to.equal("billing");
      expect(text(message)).to.equal(expected);
      const sd = parseStructuredData(message.sd);
      expect(sdParam(sd, "extra@32473", "value")).to.equal(expected);
      // Inside JSON too a lone surrogate is U+FFFD (I-JSON), as in the NDJSON file.
      expect(JSON.parse(sdParam(sd, "extra@32473", "obj") as string)).to.deep.equal({ msg: expected });
    }
  });

  it("UDP: records arrive as datagrams; one too long for a datagram is cut with a marker, not lost", async () => {
    const rsyslog = await Rsyslog.start(dir(), { udp: true });
    const { log } = alertLogger(dir(), [sink({ protocol: "udp", port: rsyslog.udpPort })]);
    log.info("short", { extra: { id: 0 } });
    log.info("é".repeat(5000), { extra: { id: 1 } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.syslog).to.include({ accepted: 2, delivered: 2, failed: 0 });

    const received = await rsyslog.waitForCount(2);
    const long = received.find((message) => idOf(message) === "1") as ReceivedSyslog;
    expect(long.input).to.equal("imudp");
    const marker = /…\[\+(\d+) bytes\]$/.exec(text(long));
    expect(marker, text(long).slice(-30)).to.not.equal(null);
    expect(text(long).slice(0, marker!.index)).to.match(/^é{900,}$/);
    expect(Buffer.byteLength(text(long).slice(0, marker!.index)) + Number(marker![1])).to.equal(10_000);
    expect(text(received.find((message) => idOf(message) === "0") as ReceivedSyslog)).to.equal("short");
  });

  it("TLS: the server certificate is verified against ca_file (a private CA) and records arrive over TLS", async () => {
    const rsyslog = await Rsyslog.start(dir(), { tls: true });
    const { caFile } = testCertificates(dir());
    const { log } = alertLogger(dir(), [sink({ protocol: "tls", port: rsyslog.tlsPort, caFile })]);
    for (let id = 0; id < 50; id++) log.error(`over tls ${id}`, { extra: { id } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.syslog).to.include({ accepted: 50, delivered: 50, failed: 0 });
    const received = await rsyslog.waitForCount(50);
    expect(new Set(received.map(idOf)).size).to.equal(50);
    // "tls" is the name of rsyslog's TLS input (gtls driver, see helpers/rsyslog.ts).
    expect(received.every((message) => message.input === "tls" && /^over tls \d+$/.test(text(message)))).to.equal(true);
  });

  it("TLS with a certificate it does not trust: fails, dead-letters every record, sends nothing", async () => {
    const rsyslog = await Rsyslog.start(dir(), { tls: true });
    const { log, deadLetters } = alertLogger(dir(), [sink({ protocol: "tls", port: rsyslog.tlsPort, maxRetries: 1 })]);
    for (let id = 0; id < 10; id++) log.error(`secret ${id}`, { extra: { id } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.syslog).to.include({ accepted: 10, delivered: 0, failed: 10, deadLettered: 10 });
    expect(report.sinks.syslog.lastError).to.match(/certificate|UNABLE_TO_VERIFY|self.signed/i);
    const dead = deadLetters();
    expect(dead.map((line) => line.extra.id).sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dead.every((line) => line.dead_letter.sink === "syslog")).to.equal(true);
    await rsyslog.stop(); // flushes its output: nothing to flush
    expect(rsyslog.received()).to.deep.equal([]);
  });

  it("reconnects after rsyslog restarts on the same port: records logged while it was down arrive after", async () => {
    const rsyslog = await Rsyslog.start(dir());
    const { log } = alertLogger(dir(), [sink({ port: rsyslog.tcpPort, maxRetries: 30, maxDelayMs: 200 })]);
    for (let id = 0; id < 50; id++) log.info(`before ${id}`, { extra: { id } });
    await rsyslog.waitForCount(50);
    await rsyslog.stop();
    for (let id = 50; id < 100; id++) log.info(`during ${id}`, { extra: { id } });
    await rsyslog.restart();
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.syslog).to.include({ accepted: 100, delivered: 100, failed: 0 });
    const received = await rsyslog.waitForCount(100);
    // The resend window may repeat the last writes before the restart: duplicates, never gaps.
    expect(new Set(received.map(idOf)).size).to.equal(100);
  });

  it("from FLOWLOG_SYSLOG_* variables: enabled, port, app name, facility; min_level INFO by default", async () => {
    const rsyslog = await Rsyslog.start(dir());
    const log = new Logger("shop", {
      cwd: dir(),
      env: {
        FLOWLOG_TERMINAL_ENABLED: "false",
        FLOWLOG_DEAD_LETTER_PATH: "dead.ndjson",
        FLOWLOG_SYSLOG_ENABLED: "true",
        FLOWLOG_SYSLOG_PORT: String(rsyslog.tcpPort),
        FLOWLOG_SYSLOG_FACILITY: "local3",
        FLOWLOG_SYSLOG_HOSTNAME: "web-7",
        FLOWLOG_SYSLOG_BATCH_MS: "10",
      },
    });
    log.debug("not shipped");
    log.info("shipped info");
    log.deploy("v1.2.3 is live", { extra: { version: "1.2.3" } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.syslog).to.include({ accepted: 2, delivered: 2 });
    const received = await rsyslog.waitForCount(2);
    expect(received.map((message) => [message.pri, message.app, message.host, text(message)])).to.deep.equal([
      [String(19 * 8 + 6), "shop", "web-7", "shipped info"],
      [String(19 * 8 + 5), "shop", "web-7", "v1.2.3 is live"],
    ]);
    expect(sdParam(parseStructuredData(received[1].sd), "flowlog@32473", "level")).to.equal("DEPLOY");
  });

  it("from the environment over TLS: FLOWLOG_SYSLOG_CA_FILE relative to the working directory", async () => {
    const rsyslog = await Rsyslog.start(dir(), { tls: true });
    testCertificates(dir()); // certs/ca.pem under dir
    const log = new Logger("shop", {
      cwd: dir(),
      env: {
        FLOWLOG_TERMINAL_ENABLED: "false",
        FLOWLOG_DEAD_LETTER_PATH: "dead.ndjson",
        FLOWLOG_SYSLOG_ENABLED: "true",
        FLOWLOG_SYSLOG_PROTOCOL: "tls",
        FLOWLOG_SYSLOG_PORT: String(rsyslog.tlsPort),
        FLOWLOG_SYSLOG_CA_FILE: "certs/ca.pem",
      },
    });
    log.warning("over tls from config");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.syslog).to.include({ accepted: 1, delivered: 1 });
    const [message] = await rsyslog.waitForCount(1);
    expect([message.input, message.pri, text(message)]).to.deep.equal(["tls", String(16 * 8 + 4), "over tls from config"]);
  });

  it("a ca_file that cannot be read fails at construction, naming the file", () => {
    expect(() => new SyslogSink({ protocol: "tls", caFile: `${dir()}/missing.pem` })).to.throw(/syslog ca_file ".*missing\.pem" cannot be read \(ENOENT\)/);
    expect(() => new SyslogSink({ protocol: "tcp", caFile: `${dir()}/missing.pem` })).to.throw(/only used with protocol "tls"/);
  });
});
