import { expect } from "chai";
import { inspect } from "node:util";
import { Logger } from "../../src/index.js";
import { loadConfig } from "../../src/config/index.js";
import { FakeOtlp } from "../helpers/servers/index.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { useServer } from "../helpers/per-test.js";

const TOKEN = "otlp-cfg-secret-91c3aa";

describe("sinks.otlp from configuration (the official SDK pipeline, built for you)", () => {
  const receiver = useServer(() => FakeOtlp.start());
  const dir = useTempDir("flowlog-otlp-config-");

  it("FLOWLOG_OTLP_* builds it: records arrive with the headers and service.name; the headers are masked in config", async () => {
    const env = {
      FLOWLOG_OTLP_ENABLED: "true",
      FLOWLOG_OTLP_ENDPOINT: receiver().endpoint,
      FLOWLOG_OTLP_HEADERS: `authorization=Bearer%20${TOKEN}, x-tenant = acme`,
      FLOWLOG_OTLP_MIN_LEVEL: "audit",
      FLOWLOG_OTLP_SERVICE_NAME: "checkout",
      FLOWLOG_OTLP_BATCH_MS: "10",
      FLOWLOG_TERMINAL_ENABLED: "false",
    };
    const log = new Logger("shop", { cwd: dir(), env });
    log.info("below min_level");
    log.audit("user changed email", { extra: { user: 7 } });
    log.deploy("v2.1 released");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.otlp).to.include({ accepted: 2, delivered: 2, failed: 0 });
    expect(receiver().records.map((record) => [record.body, record.severityNumber, record.resource["service.name"]])).to.deep.equal([
      ["user changed email", 10, "checkout"],
      ["v2.1 released", 12, "checkout"],
    ]);
    expect(receiver().http.requests[0].headers).to.include({ authorization: `Bearer ${TOKEN}`, "x-tenant": "acme" });
    const shown = [JSON.stringify(log.config), String(log.config), inspect(log.config, { depth: 10 }), inspect(log, { depth: 10 })].join("\n");
    expect(shown).to.not.contain(TOKEN);
    expect(log.config.sinks.otlp.headers).to.equal("***");
  });

  it("defaults: disabled, INFO, the Collector's default OTLP/HTTP endpoint", () => {
    const { config } = loadConfig({ cwd: dir(), env: {} });
    expect(config.sinks.otlp).to.deep.include({
      enabled: false,
      min_level: 20,
      endpoint: "http://127.0.0.1:4318/v1/logs",
      timeout_ms: 10000,
      batch_ms: 200,
      gzip: false,
    });
  });

  it("a malformed headers value (no \"=\", a CR/LF) is a config error that names the key and shows no part of the value", () => {
    let caught: unknown;
    try {
      loadConfig({ cwd: dir(), env: { FLOWLOG_OTLP_HEADERS: `authorization${TOKEN}` } });
    } catch (err) {
      caught = err;
    }
    expect(String((caught as Error).message)).to.contain("FLOWLOG_OTLP_HEADERS: expected headers").and.to.not.contain(TOKEN);
    try {
      loadConfig({ cwd: dir(), env: {}, code: { sinks: { otlp: { headers: { authorization: `x\r\nInjected: ${TOKEN}` } } } } });
    } catch (err) {
      caught = err;
    }
    expect(String((caught as Error).message)).to.contain("sinks.otlp.headers: expected headers").and.to.not.contain(TOKEN);
  });
});
