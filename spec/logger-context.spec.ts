import { expect } from "chai";
import { setTimeout as delay } from "node:timers/promises";
import type { LogRecord } from "../src/index.js";
import { quietLogger } from "./helpers/quiet-logger.js";
import { useTempDir } from "./helpers/temp-dir.js";

/** Request-scoped context: withContext and AsyncLocalStorage. */
describe("Logger.withContext", () => {
  const dir = useTempDir();

  function logger(name = "api") {
    const { log } = quietLogger(name, dir());
    const records: LogRecord[] = [];
    log.log$.subscribe((record) => records.push(record));
    return { log, records };
  }
  const extras = (records: LogRecord[]) => records.map((r) => [r.msg, r.extra]);

  it("every record inside fn carries the bindings, across awaits and timers; none outside", async () => {
    const { log, records } = logger();
    log.info("before");
    const result = await log.withContext({ request_id: "r1" }, async () => {
      log.info("sync");
      await delay(5);
      log.info("after an await");
      await new Promise<void>((resolve) => setTimeout(() => (log.info("in a timer"), resolve()), 1));
      return 42;
    });
    log.info("after");
    expect(result).to.equal(42);
    expect(extras(records)).to.deep.equal([
      ["before", undefined],
      ["sync", { request_id: "r1" }],
      ["after an await", { request_id: "r1" }],
      ["in a timer", { request_id: "r1" }],
      ["after", undefined],
    ]);
    await log.complete();
  });

  it("reaches every logger, not only the one it was called on", async () => {
    const app = logger("app");
    const library = logger("library");
    app.log.withContext({ request_id: "r2" }, () => library.log.warn("from the library"));
    expect(extras(library.records)).to.deep.equal([["from the library", { request_id: "r2" }]]);
    await Promise.all([app.log.complete(), library.log.complete()]);
  });

  it("concurrent contexts do not leak into each other", async () => {
    const { log, records } = logger();
    const handle = (id: string, wait: number) =>
      log.withContext({ request_id: id }, async () => {
        log.info(`start ${id}`);
        await delay(wait);
        log.info(`end ${id}`);
      });
    await Promise.all([handle("a", 20), handle("b", 1), handle("c", 10)]);
    for (const record of records) expect(record.msg.endsWith(String(record.extra?.request_id))).to.equal(true);
    expect(records).to.have.length(6);
    await log.complete();
  });

  it("precedence: the call's extra over the child's bindings over the context; nested contexts add up", async () => {
    const { log, records } = logger();
    const child = log.child({ component: "db", user: "child" });
    log.withContext({ request_id: "r3", user: "context", tenant: "t1" }, () => {
      log.withContext({ tenant: "t2", step: "inner" }, () => {
        child.info("from the child", { extra: { query: "select" } });
        log.info("call wins", { extra: { user: "call" } });
      });
      log.info("outer again");
    });
    expect(extras(records)).to.deep.equal([
      ["from the child", { request_id: "r3", user: "child", tenant: "t2", step: "inner", component: "db", query: "select" }],
      ["call wins", { request_id: "r3", user: "call", tenant: "t2", step: "inner" }],
      ["outer again", { request_id: "r3", user: "context", tenant: "t1" }],
    ]);
    await log.complete();
  });

  it("the bindings are copied when the context starts: changing the object later changes no record", async () => {
    const { log, records } = logger();
    const bindings: Record<string, unknown> = { request_id: "r4" };
    log.withContext(bindings, () => {
      bindings.request_id = "changed";
      log.info("inside");
    });
    expect(records[0].extra).to.deep.equal({ request_id: "r4" });
    await log.complete();
  });

  it("a throw inside fn reaches the caller of withContext, and the context ends with it", async () => {
    const { log, records } = logger();
    expect(() => log.withContext({ request_id: "r5" }, () => { throw new Error("handler failed"); })).to.throw("handler failed");
    log.info("after the throw");
    expect(records[0].extra).to.equal(undefined);
    await log.complete();
  });
});
