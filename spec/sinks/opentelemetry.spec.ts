import { expect } from "chai";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LEVEL_NAMES } from "../../src/core/levels.js";
import { OpenTelemetrySink } from "../../src/sinks/opentelemetry.js";
import { FakeOtlp } from "../helpers/servers/index.js";
import { alertLogger } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { useServer } from "../helpers/per-test.js";

/** The contract's table (log-shipping.md §0), written out independently of the code. */
const EXPECTED_SEVERITY: Record<string, number> = {
  DEBUG: 5,
  INFO: 9,
  AUDIT: 10,
  WEBHOOK: 11,
  WARNING: 13,
  SECURITY: 14,
  ERROR: 17,
  DEPLOY: 12,
  CRITICAL: 18,
};

const SECRET = "Bearer otlp-secret-token-5f1e2d";

describe("OpenTelemetrySink (real OpenTelemetry SDK against a loopback OTLP/HTTP receiver)", () => {
  const receiver = useServer(() => FakeOtlp.start());
  const dir = useTempDir("flowlog-otel-");

  /** Logs one record at each of the nine levels, the message naming the level. */
  function logEveryLevel(log: ReturnType<typeof alertLogger>["log"]): void {
    for (const level of LEVEL_NAMES) log.log(level, `at ${level}`, { extra: { level_seen: level } });
  }

  function expectEveryLevel(): void {
    const byText = new Map(receiver().records.map((record) => [record.body, record]));
    expect(receiver().records).to.have.length(9);
    for (const level of LEVEL_NAMES) {
      const record = byText.get(`at ${level}`);
      expect(record, level).to.not.equal(undefined);
      expect(record!.severityNumber, level).to.equal(EXPECTED_SEVERITY[level]);
      expect(record!.severityText, level).to.equal(level);
      expect(record!.attributes["flowlog.level"]).to.equal(level);
      expect(record!.attributes.level_seen).to.equal(level);
      expect(record!.scope).to.equal("flowlog");
      expect(record!.timeUnixNano).to.match(/^\d+$/);
      expect(record!.observedTimeUnixNano).to.match(/^\d+$/);
    }
  }

  it("emits to your LoggerProvider: all nine levels with the contract's severity, attributes, exception, timestamp", async () => {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ "service.name": "shop" }),
      processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: receiver().endpoint }) })],
    });
    const { log } = alertLogger(dir(), [new OpenTelemetrySink({ loggerProvider: provider, minLevel: "DEBUG", batchMs: 20 })]);
    logEveryLevel(log);
    const err = new TypeError("boom", { cause: new Error("root") });
    const before = Date.now();
    log.error("with everything", { exc: err, extra: { user: { id: 7, roles: ["a", "b"] }, ok: true, big: 10n } });
    const report = await log.complete();
    await provider.shutdown();
    expectReportAddsUp(report);
    expect(report.sinks.opentelemetry).to.include({ accepted: 10, delivered: 10, failed: 0 });

    const rich = receiver().records.find((record) => record.body === "with everything")!;
    receiver().records.splice(receiver().records.indexOf(rich), 1);
    expectEveryLevel();
    expect(rich.resource["service.name"]).to.equal("shop");
    expect(rich.attributes).to.include({
      "user.id": 7,
      ok: true,
      big: "10n",
      "logger.name": "alerts",
      "exception.type": "TypeError",
      "exception.message": "boom",
    });
    expect(rich.attributes["user.roles"]).to.deep.equal(["a", "b"]);
    expect(String(rich.attributes["exception.stacktrace"])).to.contain("TypeError: boom").and.to.contain("Caused by: Error: root");
    const ms = Number(BigInt(rich.timeUnixNano) / 1_000_000n);
    expect(ms).to.be.within(before, Date.now());
  });

  it("sinks.otlp-style pipeline (otlp options): every record exported, service.name set, the report counts each export's result", async () => {
    const sink = new OpenTelemetrySink({
      otlp: { endpoint: receiver().endpoint, serviceName: "billing", headers: { authorization: SECRET } },
      minLevel: "DEBUG",
      batchMs: 20,
    });
    const { log } = alertLogger(dir(), [sink]);
    logEveryLevel(log);
    for (let i = 0; i < 250; i++) log.info(`bulk ${i}`, { extra: { i } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.otlp).to.include({ accepted: 259, delivered: 259, failed: 0, dropped: 0 });
    expect(receiver().http.requests.every((request) => request.headers.authorization === SECRET)).to.equal(true);
    expect(receiver().records.every((record) => record.resource["service.name"] === "billing")).to.equal(true);
    const bulk = receiver().records.filter((record) => String(record.body).startsWith("bulk "));
    expect(new Set(bulk.map((record) => record.attributes.i)).size).to.equal(250);
    receiver().records.splice(0, receiver().records.length, ...receiver().records.filter((record) => !bulk.includes(record)));
    expectEveryLevel();
  });

  it("503 and 429 (Retry-After) are retried by the exporter: every record arrives once and counts delivered", async () => {
    receiver().script({ status: 503 }, { status: 429, headers: { "retry-after": "1" } });
    const sink = new OpenTelemetrySink({ otlp: { endpoint: receiver().endpoint }, batchMs: 20, timeoutMs: 8000 });
    const { log } = alertLogger(dir(), [sink]);
    for (let i = 0; i < 5; i++) log.warning(`retry me ${i}`);
    const report = await log.complete({ timeoutMs: 15_000 });
    expectReportAddsUp(report);
    expect(report.sinks.otlp).to.include({ accepted: 5, delivered: 5, failed: 0 });
    expect(receiver().http.requests.map((request) => request.status)).to.deep.equal([503, 429, 200]);
    const [, limited, accepted] = receiver().http.requests;
    expect(accepted.receivedAt - limited.receivedAt).to.be.at.least(950);
    expect(receiver().records.map((record) => record.body)).to.deep.equal([0, 1, 2, 3, 4].map((i) => `retry me ${i}`));
    expect(receiver().records[0].resource["service.name"]).to.equal("alerts");
  });

  it("a rejected export (400) fails its records into the dead letter; the headers' secret is printed nowhere", async () => {
    receiver().script({ status: 400, body: { message: `bad ${SECRET}` } });
    const sink = new OpenTelemetrySink({ otlp: { endpoint: receiver().endpoint, headers: { authorization: SECRET } }, batchMs: 20 });
    const { log, deadLetters, everything, warnings } = alertLogger(dir(), [sink]);
    log.error("rejected one");
    log.error("rejected two");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.otlp).to.include({ accepted: 2, delivered: 0, failed: 2, deadLettered: 2 });
    expect(report.sinks.otlp.lastError).to.contain("HTTP 400").and.to.contain(`${receiver().http.url}/v1/logs`);
    expect(deadLetters().map((entry) => entry.msg)).to.deep.equal(["rejected one", "rejected two"]);
    expect(receiver().http.requests).to.have.length(1);
    expect(warnings.length).to.be.greaterThan(0);
    expect(everything([report, String(sink)])).to.not.contain("otlp-secret-token");
  });

  it("a receiver() that is down: the exporter retries within timeoutMs, then the records fail into the dead letter", async () => {
    const endpoint = receiver().endpoint;
    await receiver().close();
    const sink = new OpenTelemetrySink({ otlp: { endpoint }, batchMs: 20, timeoutMs: 1500 });
    const { log, deadLetters } = alertLogger(dir(), [sink]);
    log.error("nobody listens");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.otlp).to.include({ accepted: 1, delivered: 0, failed: 1, deadLettered: 1 });
    expect(deadLetters().map((entry) => entry.msg)).to.deep.equal(["nobody listens"]);
  });

  it("refuses an endpoint that is not an http(s) URL, without echoing it", () => {
    expect(() => new OpenTelemetrySink({ otlp: { endpoint: "ftp://user:pw@host/v1/logs" } }))
      .to.throw("otlp.endpoint must be an http:// or https:// URL")
      .with.property("message")
      .that.does.not.contain("pw");
  });
});
