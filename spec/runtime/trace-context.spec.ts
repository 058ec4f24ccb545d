import { expect } from "chai";
import * as path from "node:path";
import { context, trace } from "@opentelemetry/api";
import { AsyncHooksContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { Logger, OpenTelemetrySink, type LogRecord } from "../../src/index.js";
import { activeTraceIds } from "../../src/runtime/trace-context.js";
import { FakeOtlp } from "../helpers/servers/index.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

describe("trace context: the OpenTelemetry span active at the log call", () => {
  const tracer = new BasicTracerProvider().getTracer("spec");
  let manager: AsyncHooksContextManager | undefined;
  afterEach(() => {
    // Unregisters the global context manager: other specs run without one.
    context.disable();
    manager?.disable();
    manager = undefined;
  });
  const dir = useTempDir("flowlog-trace-");
  const useContextManager = (): void => {
    manager = new AsyncHooksContextManager().enable();
    context.setGlobalContextManager(manager);
  };
  const fileLogger = () =>
    new Logger("traced", {
      cwd: dir(),
      env: {},
      config: {
        sinks: {
          terminal: { enabled: false },
          file_json: { enabled: true, path: "app.ndjson" },
          file_text: { enabled: true, path: "app.log" },
        },
      },
    });

  it("without a context manager no span can be active: the record has no trace fields", async () => {
    const log = fileLogger();
    const seen: LogRecord[] = [];
    log.log$.subscribe((record) => seen.push(record));
    tracer.startActiveSpan("no manager", (span) => {
      log.info("inside");
      span.end();
    });
    await log.complete();
    expect(activeTraceIds()).to.equal(undefined);
    expect(Object.keys(seen[0])).to.not.include("trace_id");
    expect(JSON.parse(readLines(path.join(dir(), "app.ndjson"))[0])).to.not.have.property("trace_id");
  });

  it("a context manager registered after the first log calls is still seen: the API is looked up once one exists", async () => {
    const log = fileLogger();
    const seen: LogRecord[] = [];
    log.log$.subscribe((record) => seen.push(record));
    log.info("before any context manager");
    useContextManager();
    const ids = tracer.startActiveSpan("later", (span) => {
      log.info("inside a span");
      span.end();
      return span.spanContext();
    });
    await log.complete();
    expect(seen.map((record) => [record.msg, record.trace_id, record.span_id])).to.deep.equal([
      ["before any context manager", undefined, undefined],
      ["inside a span", ids.traceId, ids.spanId],
    ]);
  });

  it("carries the span's ids, read in the call (across an await), and the NDJSON and text files show them", async () => {
    useContextManager();
    const log = fileLogger();
    const seen: LogRecord[] = [];
    log.log$.subscribe((record) => seen.push(record));
    const ids = await tracer.startActiveSpan("request", async (span) => {
      log.info("before await");
      await new Promise((resolve) => setImmediate(resolve));
      log.warning("after await");
      span.end();
      return span.spanContext();
    });
    log.info("outside any span");
    await log.complete();

    expect(ids.traceId).to.match(/^[0-9a-f]{32}$/);
    expect(seen.map((record) => [record.msg, record.trace_id, record.span_id])).to.deep.equal([
      ["before await", ids.traceId, ids.spanId],
      ["after await", ids.traceId, ids.spanId],
      ["outside any span", undefined, undefined],
    ]);
    expect(Object.isFrozen(seen[0])).to.equal(true);
    const json = readLines(path.join(dir(), "app.ndjson")).map((line) => JSON.parse(line));
    expect(json.map((line) => [line.trace_id, line.span_id])).to.deep.equal([
      [ids.traceId, ids.spanId],
      [ids.traceId, ids.spanId],
      [undefined, undefined],
    ]);
    const text = readLines(path.join(dir(), "app.log"));
    expect(text[0]).to.match(new RegExp(` trace_id=${ids.traceId} span_id=${ids.spanId}$`));
    expect(text[2]).to.not.contain("trace_id");
  });

  it("the OpenTelemetry sink sets them as the log record's context: the receiver sees traceId and spanId", async () => {
    useContextManager();
    const receiver = await FakeOtlp.start();
    try {
      const log = new Logger("traced", { cwd: dir(), env: {}, config: { sinks: { terminal: { enabled: false } } } });
      log.addSink(new OpenTelemetrySink({ otlp: { endpoint: receiver.endpoint }, batchMs: 20 }));
      const parent = tracer.startSpan("parent");
      const ids = context.with(trace.setSpan(context.active(), parent), () => {
        log.error("in a span");
        return parent.spanContext();
      });
      parent.end();
      log.info("no span");
      const report = await log.complete();
      expectReportAddsUp(report);
      expect(report.sinks.otlp).to.include({ delivered: 2, failed: 0 });
      expect(receiver.records.map((record) => [record.body, record.traceId, record.spanId, record.flags])).to.deep.equal([
        ["in a span", ids.traceId, ids.spanId, ids.traceFlags],
        ["no span", undefined, undefined, undefined],
      ]);
    } finally {
      await receiver.close();
    }
  });
});
