import { expect } from "chai";
import type { LogRecord } from "../../src/core/record.js";
import { MissingPeerError } from "../../src/core/errors.js";
import { otelLogFields } from "../../src/format/otel.js";
import { createOtlpPipeline, type OtlpExportOptions } from "../../src/io/otlp-export.js";
import { SecretScrubber } from "../../src/io/scrub.js";
import { useServer } from "../helpers/per-test.js";
import { FakeOtlp } from "../helpers/servers/index.js";

const API_KEY = "otlp-export-api-key-5f2c91";

const record = (msg: string): LogRecord => ({ time: Date.UTC(2026, 0, 1), level: "ERROR", levelno: 40, logger: "app", msg });
const outgoing = (...messages: string[]) => messages.map((msg) => ({ fields: otelLogFields(record(msg)), record: record(msg) }));

describe("io/otlp-export: the official SDK pipeline, one export per batch, against a real OTLP/HTTP receiver", () => {
  let pipeline: ReturnType<typeof createOtlpPipeline> | undefined;
  // Before useServer, so it runs first: the pipeline shuts down while its receiver still answers.
  afterEach(async () => {
    await pipeline?.shutdown();
    pipeline = undefined;
  });
  const receiver = useServer(() => FakeOtlp.start());
  const options = (over: Partial<OtlpExportOptions> = {}): OtlpExportOptions => ({
    endpoint: receiver().endpoint,
    headers: { authorization: `Bearer ${API_KEY}` },
    serviceName: "checkout",
    timeoutMs: 5000,
    maxBatch: 100,
    ...over,
  });
  const signal = new AbortController().signal;

  it("a batch is one export: ok once the receiver() answered 2xx for it, with the headers and service.name", async () => {
    pipeline = createOtlpPipeline(options(), new SecretScrubber([]));
    expect(await pipeline.exportBatch(outgoing("first", "second"), signal)).to.deep.equal({ kind: "ok" });
    expect(receiver().records.map((each) => [each.body, each.resource["service.name"]])).to.deep.equal([
      ["first", "checkout"],
      ["second", "checkout"],
    ]);
    expect(receiver().http.requests).to.have.length(1);
    expect(receiver().http.requests[0].headers.authorization).to.equal(`Bearer ${API_KEY}`);
  });

  it("a receiver() that refuses the batch gives a failed outcome, and the header secret never shows in it", async () => {
    receiver().script({ status: 400, body: { message: `bad key ${API_KEY}` } });
    pipeline = createOtlpPipeline(options(), new SecretScrubber([]));
    const outcome = await pipeline.exportBatch(outgoing("refused"), signal);
    expect(outcome.kind).to.not.equal("ok");
    expect(JSON.stringify(outcome)).to.not.include(API_KEY);
  });

  it("an SDK package that is not installed is a permanent outcome naming the npm install, never a throw", async () => {
    const missing = () => Promise.reject(Object.assign(new Error("Cannot find package '@opentelemetry/sdk-logs'"), { code: "ERR_MODULE_NOT_FOUND" }));
    pipeline = createOtlpPipeline(options(), new SecretScrubber([]), {
      sdk: missing,
      exporter: () => import("@opentelemetry/exporter-logs-otlp-http"),
      resources: () => import("@opentelemetry/resources"),
    });
    const outcome = await pipeline.exportBatch(outgoing("x"), signal);
    expect(outcome).to.deep.include({ kind: "permanent" });
    expect(outcome.kind === "permanent" && outcome.error).to.include(new MissingPeerError("@opentelemetry/sdk-logs", "the otlp sink").message);
    expect(receiver().http.requests).to.have.length(0);
  });
});
