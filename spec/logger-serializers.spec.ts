import { expect } from "chai";
import * as os from "node:os";
import { FlowlogConfigError, Logger, type LogRecord, type LoggerOptions } from "../src/index.js";
import { useTempDir } from "./helpers/temp-dir.js";

/** The serializers and base options of new Logger. */
describe("Logger options: serializers and base (pid, hostname)", () => {
  const dir = useTempDir();

  function logger(options: Partial<LoggerOptions>) {
    const log = new Logger("api", { cwd: dir(), env: {}, config: { sinks: { terminal: { enabled: false } } }, ...options });
    const records: LogRecord[] = [];
    log.log$.subscribe((record) => records.push(record));
    return { log, records };
  }

  it("a serializer replaces its key's value in the call; other keys and the caller's object are untouched", async () => {
    const { log, records } = logger({ serializers: { user: (u) => ({ id: (u as { id: number }).id }) } });
    const extra = { user: { id: 7, password: "pw", profile: { big: true } }, order: 1 };
    log.info("login", { extra });
    log.info("no user key", { extra: { order: 2 } });
    expect(records.map((r) => r.extra)).to.deep.equal([{ user: { id: 7 }, order: 1 }, { order: 2 }]);
    expect(extra.user.password).to.equal("pw");
    await log.complete();
  });

  it("applies to child bindings and context too, and children inherit the serializers", async () => {
    const { log, records } = logger({ serializers: { tenant: (t) => String(t).toUpperCase() } });
    const child = log.child({ tenant: "acme" });
    child.info("from the child");
    log.withContext({ tenant: "globex" }, () => log.info("in a context"));
    expect(records.map((r) => r.extra?.tenant)).to.deep.equal(["ACME", "GLOBEX"]);
    await log.complete();
  });

  it("a serializer that throws leaves a placeholder, never a throw into the caller", async () => {
    const { log, records } = logger({ serializers: { user: () => { throw new Error("serializer bug"); } } });
    expect(() => log.error("still logged", { extra: { user: 1, order: 3 } })).not.to.throw();
    expect(records[0].extra).to.deep.equal({ user: "[Serializer threw: Error: serializer bug]", order: 3 });
    await log.complete();
  });

  it("runs before redaction: what a serializer returns is still redacted", async () => {
    const { log, records } = logger({ redact: ["token"], serializers: { auth: (a) => ({ token: a, kind: "bearer" }) } });
    log.info("auth", { extra: { auth: "planted-token" } });
    expect(records[0].extra).to.deep.equal({ auth: { token: "[REDACTED]", kind: "bearer" } });
    await log.complete();
  });

  it("a serializer that is not a function is a FlowlogConfigError at construction", () => {
    expect(() => logger({ serializers: { req: "yes" as never } })).to.throw(FlowlogConfigError, "options: serializers.req: expected a function (value) => unknown, got string");
  });

  it("base: pid and hostname on every record, from children too, only when asked", async () => {
    const { log, records } = logger({ base: { pid: true, hostname: true } });
    log.info("root", { extra: { a: 1 } });
    log.child({ b: 2 }).info("child");
    expect(records.map((r) => r.extra)).to.deep.equal([
      { pid: process.pid, hostname: os.hostname(), a: 1 },
      { pid: process.pid, hostname: os.hostname(), b: 2 },
    ]);
    const pidOnly = logger({ base: { pid: true } });
    pidOnly.log.info("x");
    expect(pidOnly.records[0].extra).to.deep.equal({ pid: process.pid });
    const plain = logger({});
    plain.log.info("x");
    expect(plain.records[0].extra).to.equal(undefined);
    await Promise.all([log.complete(), pidOnly.log.complete(), plain.log.complete()]);
  });
});
