import { expect } from "chai";
import { Level, LEVEL_NAMES } from "../../src/core/levels.js";
import type { LogRecord } from "../../src/core/record.js";
import { MAX_EXTRA_ATTRIBUTES, otelLogFields, otelSeverity } from "../../src/format/otel.js";

const record = (overrides: Partial<LogRecord> = {}): LogRecord => ({
  time: 1_764_000_000_123,
  level: "INFO",
  levelno: Level.INFO,
  logger: "api",
  msg: "hello",
  ...overrides,
});

describe("format/otel", () => {
  it("maps the nine levels to the contract's severityNumber; DEPLOY stays below the error range", () => {
    const table = Object.fromEntries(LEVEL_NAMES.map((name) => [name, otelSeverity(Level[name])]));
    expect(table).to.deep.equal({ DEBUG: 5, INFO: 9, AUDIT: 10, WEBHOOK: 11, WARNING: 13, SECURITY: 14, ERROR: 17, DEPLOY: 12, CRITICAL: 18 });
  });

  it("a level number between the nine takes the severity of the nearest one below", () => {
    expect([1, 15, 42, 99].map(otelSeverity)).to.deep.equal([5, 5, 17, 18]);
  });

  it("body, severityText, timestamp and the fixed attributes", () => {
    expect(otelLogFields(record({ level: "DEPLOY", levelno: Level.DEPLOY, msg: "v2 out" }))).to.deep.equal({
      timestamp: 1_764_000_000_123,
      severityNumber: 12,
      severityText: "DEPLOY",
      body: "v2 out",
      attributes: { "logger.name": "api", "flowlog.level": "DEPLOY" },
    });
  });

  it("flattens extra with dots; scalar arrays stay arrays, others become JSON; hostile values become placeholders", () => {
    const cyclic: Record<string, unknown> = { name: "c" };
    cyclic.self = cyclic;
    const { attributes } = otelLogFields(
      record({ extra: { a: { b: { c: 1 } }, list: [1, "x", true], objs: [{ k: 1 }], none: null, empty: {}, n: 5n, cyclic } }),
    );
    expect(attributes).to.deep.include({
      "a.b.c": 1,
      list: [1, "x", true],
      objs: '[{"k":1}]',
      none: "null",
      empty: "{}",
      n: "5n",
      "cyclic.name": "c",
      "cyclic.self": "[Circular]",
    });
  });

  it("cuts extra past the attribute cap and says how many were cut", () => {
    const extra = Object.fromEntries(Array.from({ length: MAX_EXTRA_ATTRIBUTES + 5 }, (_, i) => [`k${i}`, i]));
    const { attributes } = otelLogFields(record({ extra }));
    expect(attributes["flowlog.attributes_cut"]).to.equal(5);
    expect(Object.keys(attributes).filter((key) => key.startsWith("k"))).to.have.length(MAX_EXTRA_ATTRIBUTES);
  });

  it("the exception as semantic-convention attributes, the cause chain in the stack trace", () => {
    const { attributes } = otelLogFields(
      record({ exc: { type: "TypeError", message: "boom", stack: "TypeError: boom\n    at f (a.js:1:1)", cause: { type: "Error", message: "root" } } }),
    );
    expect(attributes["exception.type"]).to.equal("TypeError");
    expect(attributes["exception.message"]).to.equal("boom");
    expect(attributes["exception.stacktrace"]).to.equal("TypeError: boom\n    at f (a.js:1:1)\nCaused by: Error: root");
  });
});
