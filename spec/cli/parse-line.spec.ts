import { expect } from "chai";
import fc from "fast-check";
import { parseLine, pinoLevel } from "../../src/cli/parse-line.js";
import { formatJson } from "../../src/format/index.js";
import type { LogRecord } from "../../src/index.js";

function record(line: string): LogRecord {
  const parsed = parseLine(line);
  if (parsed.kind !== "record") throw new Error(`not a record: ${line}`);
  return parsed.record;
}

describe("cli/parse-line parseLine", () => {
  it("reads flowlog's NDJSON back into the record it was written from", () => {
    const original: LogRecord = {
      time: Date.UTC(2026, 10, 24, 9, 12, 54, 123),
      level: "ERROR",
      levelno: 40,
      logger: "myapp",
      msg: "Database query timed out",
      extra: { timeout_ms: 5000, nested: { a: [1, 2] } },
      exc: { type: "TypeError", message: "boom", stack: "TypeError: boom\n    at x (a.js:1:1)", fields: { code: "E_BOOM" }, cause: { type: "RangeError", message: "root" } },
    };
    expect(record(formatJson(original).trimEnd())).to.deep.equal(original);
  });

  it("maps pino's shape: numeric level, epoch-ms time, name, err, the rest as extra", () => {
    const line = JSON.stringify({
      level: 50, time: 1764000000001, pid: 42, hostname: "box", name: "api", msg: "boom", reqId: "r1",
      err: { type: "TypeError", message: "bad", stack: "TypeError: bad\n    at x", code: "E_X" },
    });
    expect(record(line)).to.deep.equal({
      time: 1764000000001,
      level: "ERROR",
      levelno: 40,
      logger: "api",
      msg: "boom",
      extra: { pid: 42, hostname: "box", reqId: "r1" },
      exc: { type: "TypeError", message: "bad", stack: "TypeError: bad\n    at x", fields: { code: "E_X" } },
    });
  });

  const pinoLevels: [number, string][] = [[10, "DEBUG"], [20, "DEBUG"], [30, "INFO"], [40, "WARNING"], [50, "ERROR"], [60, "CRITICAL"], [35, "WARNING"], [99, "CRITICAL"], [0, "DEBUG"]];
  for (const [number, name] of pinoLevels) {
    it(`pino level ${number} is ${name}`, () => {
      expect(pinoLevel(number)).to.equal(name);
      expect(record(`{"level":${number},"time":0,"msg":"m"}`).level).to.equal(name);
    });
  }

  it("reads level labels (pino's formatters, winston) and `message` for `msg`", () => {
    expect(record('{"level":"warn","message":"disk low","time":"2026-11-24T09:00:00Z"}')).to.deep.equal({
      time: Date.UTC(2026, 10, 24, 9), level: "WARNING", levelno: 30, logger: "", msg: "disk low",
    });
    expect(record('{"level":"fatal","msg":"x"}').level).to.equal("CRITICAL");
    expect(record('{"level":"security","msg":"x"}').level).to.equal("SECURITY");
  });

  it("a record without a time gets NaN (the formats show Invalid Date), a non-string message becomes JSON", () => {
    const r = record('{"level":30,"msg":{"a":1}}');
    expect(r.time).to.be.NaN;
    expect(r.msg).to.equal('{"a":1}');
  });

  const raw = [
    "",
    "plain text line",
    "2026-11-24T09:12:54.123Z ERROR    myapp: a text-format line",
    "{not json",
    "[1,2,3]",
    '"a string"',
    "null",
    '{"msg":"no level"}',
    '{"level":"LOUD","msg":"unknown label"}',
    '{"level":true,"msg":"not a level"}',
    '{"level":"ERROR","levelno":40,"msg":"truncated',
  ];
  for (const line of raw) {
    it(`is raw: ${JSON.stringify(line)}`, () => {
      expect(parseLine(line)).to.deep.equal({ kind: "raw", text: line });
    });
  }

  it("never throws, whatever the line", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ level: 30, v, err: v, msg: v }))), (line) => {
        const parsed = parseLine(line);
        expect(parsed.kind).to.be.oneOf(["record", "raw"]);
      }),
      { numRuns: 500 },
    );
  });
});
