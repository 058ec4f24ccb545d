import { expect } from "chai";
import * as path from "node:path";
import { Level, Logger, type LogRecord } from "../src/index.js";
import { quietLogger } from "./helpers/quiet-logger.js";
import { readLines, useTempDir } from "./helpers/temp-dir.js";

/** The calls a pino or winston user writes in the first hour: error first, warn and fatal. */
describe("Logger calls (error first, aliases)", () => {
  const dir = useTempDir();

  /** A logger whose records are collected from log$ and written to app.ndjson. */
  function logger(): { log: Logger; records: LogRecord[] } {
    const { log } = quietLogger("api", dir(), { file_json: { enabled: true, path: "app.ndjson" } });
    const records: LogRecord[] = [];
    log.log$.subscribe((record) => records.push(record));
    return { log, records };
  }
  const ndjson = () => readLines(path.join(dir(), "app.ndjson")).map((line) => JSON.parse(line));

  function failure(): Error {
    const root = Object.assign(new Error("connection refused"), { code: "ECONNREFUSED", port: 5432 });
    return Object.assign(new TypeError("query failed", { cause: root }), { status: 503 });
  }

  it("log.error(err): type, message, stack, fields and cause chain, and the error's message as the message", async () => {
    const { log, records } = logger();
    const err = failure();
    log.error(err);
    await log.complete();
    const [record] = records;
    expect(record.msg).to.equal("query failed");
    expect(record.level).to.equal("ERROR");
    expect(record.exc).to.deep.include({ type: "TypeError", message: "query failed", stack: err.stack, fields: { status: 503 } });
    expect(record.exc?.cause).to.deep.include({ type: "Error", message: "connection refused", fields: { code: "ECONNREFUSED", port: 5432 } });
    // And the same reaches a file, not only log$.
    expect(ndjson()[0].exc.cause.fields).to.deep.equal({ code: "ECONNREFUSED", port: 5432 });
  });

  it('log.error(err, "msg", { extra }) and log.error("msg", { exc: err }) make the same record', async () => {
    const { log, records } = logger();
    const err = failure();
    log.error(err, "checkout failed", { extra: { order: 7 } });
    log.error("checkout failed", { extra: { order: 7 }, exc: err });
    await log.complete();
    const [errorFirst, messageFirst] = records.map(({ time: _time, ...rest }) => rest);
    expect(errorFirst).to.deep.equal(messageFirst);
    expect(errorFirst).to.deep.include({ msg: "checkout failed", extra: { order: 7 } });
    expect(errorFirst.exc?.cause?.message).to.equal("connection refused");
  });

  it("error first works at every level and through log(), for anything thrown but a string (a string first is the message)", async () => {
    const { log, records } = logger();
    log.warning(new RangeError("too big"));
    log.log("critical", new Error("boom"), "while starting");
    log.info({ code: 42 }, "an object was thrown");
    log.debug(null);
    await log.complete();
    expect(records.map((r) => [r.level, r.msg, r.exc?.type, r.exc?.message])).to.deep.equal([
      ["WARNING", "too big", "RangeError", "too big"],
      ["CRITICAL", "while starting", "Error", "boom"],
      ["INFO", "an object was thrown", "object", '{"code":42}'],
      ["DEBUG", "null", "null", "null"],
    ]);
  });

  it("a hostile options object in an error-first call still gives a record, never a throw", async () => {
    const { log, records } = logger();
    const hostile = new Proxy({}, { get: () => { throw new Error("trap"); } });
    expect(() => log.error(new Error("x"), "with hostile options", hostile)).not.to.throw();
    await log.complete();
    expect(records[0].msg).to.equal("with hostile options");
    expect(Object.keys(records[0].extra ?? {})).to.deep.equal(["[Unserializable extra]"]);
    expect(records[0].exc?.message).to.equal("x");
  });

  it("warn() is WARNING and fatal() is CRITICAL, as methods, in log() and in config", async () => {
    const { log, records } = logger();
    log.warn("disk 91% full");
    log.fatal(new Error("out of memory"));
    log.log("warn", "by alias");
    log.log("FATAL", "by alias, upper case");
    await log.complete();
    expect(records.map((r) => [r.level, r.levelno])).to.deep.equal([
      ["WARNING", Level.WARNING],
      ["CRITICAL", Level.CRITICAL],
      ["WARNING", Level.WARNING],
      ["CRITICAL", Level.CRITICAL],
    ]);
    const configured = new Logger("x", { cwd: dir(), env: {}, config: { sinks: { terminal: { enabled: false }, file_json: { enabled: true, path: "w.ndjson", min_level: "warn" } } } });
    expect(configured.sinks.map((sink) => sink.minLevel)).to.deep.equal([Level.WARNING]);
    await configured.complete();
  });

  it("a disabled error-first call makes nothing (the error is not even read)", async () => {
    const { log } = quietLogger("api", dir(), { file_json: { enabled: true, path: "app.ndjson", min_level: "ERROR" } });
    let read = 0;
    const watched = new Proxy(new Error("x"), { get: (target, key) => (read++, Reflect.get(target, key)) });
    log.info(watched, "below the threshold");
    log.warn(watched);
    expect(read).to.equal(0);
    await log.complete();
  });
});
