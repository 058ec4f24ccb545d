import { expect } from "chai";
import { compileRedactor, REDACTED } from "../../src/redact/redactor.js";
import { makeRecord, unloggableRecord } from "../../src/runtime/make-record.js";

describe("runtime/makeRecord: the one frozen record of a log call", () => {
  const record = (msg: unknown, options?: Parameters<typeof makeRecord>[5], bindings?: Parameters<typeof makeRecord>[6]) =>
    makeRecord(1_700_000_000_000, "ERROR", 40, "app", msg, options, bindings);

  it("carries the call's time, level, logger and message, and is frozen", () => {
    const made = record("db down");
    expect(made).to.deep.include({ time: 1_700_000_000_000, level: "ERROR", levelno: 40, logger: "app", msg: "db down" });
    expect(made.extra).to.equal(undefined);
    expect(made.exc).to.equal(undefined);
    expect(Object.isFrozen(made)).to.equal(true);
  });

  it("the logger's bindings are under extra, and the call's own extra wins a clash", () => {
    const made = record("m", { extra: { user: "call", id: 7 } }, { user: "child", service: "api" });
    expect(made.extra).to.deep.equal({ user: "call", id: 7, service: "api" });
    expect(record("m", undefined, { service: "api" }).extra).to.deep.equal({ service: "api" });
  });

  it("a message that is not a string still becomes readable text", () => {
    expect(record(new Error("boom")).msg).to.equal("boom");
    expect(record({ a: 1 }).msg).to.equal('{"a":1}');
    expect(record(42).msg).to.equal("42");
    expect(record(undefined).msg).to.equal("undefined");
    const unprintable = Object.assign(() => {}, { toString: () => { throw new Error("no"); } });
    expect(record(unprintable).msg).to.equal("[unprintable message]");
  });

  it("the exception is serialised at the call: changing the Error afterwards changes nothing", () => {
    const error = new TypeError("first");
    const made = record("failed", { exc: error });
    error.message = "changed later";
    expect(made.exc).to.deep.include({ type: "TypeError", message: "first" });
  });

  it("options whose getters throw still give a record, with a placeholder naming what was thrown", () => {
    const hostile = {
      get extra(): never {
        throw new Error("getter exploded");
      },
    };
    const made = record("still here", hostile);
    expect(made.msg).to.equal("still here");
    expect(made.extra).to.have.property("[Unserializable extra]").that.includes("getter exploded");
  });

  it("an extra that is not an object is left out, not crashed on", () => {
    expect(record("m", { extra: "text" as unknown as Record<string, unknown> }).extra).to.equal(undefined);
  });

  it("serializers apply to their keys of extra, in the call", () => {
    const made = makeRecord(0, "INFO", 20, "app", "m", { extra: { user: { name: "ada", password: "pw" } } }, undefined, undefined, {
      user: (value) => (value as { name: string }).name,
    });
    expect(made.extra).to.deep.equal({ user: "ada" });
  });

  it("the redactor cleans the message, extra (as it will be written) and the exception before anyone sees the record", () => {
    const redactor = compileRedactor(["password"])!;
    class Credentials {
      password = "hunter2";
    }
    const exc = Object.assign(new Error("login failed"), { password: "hunter2" });
    const made = makeRecord(0, "ERROR", 40, "app", "login", { extra: { creds: new Credentials(), password: "hunter2" }, exc }, undefined, redactor);
    const text = JSON.stringify(made);
    expect(text).to.not.include("hunter2");
    expect(made.extra).to.deep.equal({ creds: { password: REDACTED }, password: REDACTED });
  });
});

describe("runtime/unloggableRecord: a call whose arguments cannot be read still leaves one record", () => {
  it("names what was thrown in the message, keeps level and logger, and is frozen", () => {
    const made = unloggableRecord("WARNING", 30, "app", new RangeError("revoked proxy"));
    expect(made).to.deep.include({ level: "WARNING", levelno: 30, logger: "app", extra: undefined, exc: undefined });
    expect(made.msg).to.match(/^\[unloggable arguments: .*revoked proxy.*\]$/);
    expect(made.time).to.be.a("number");
    expect(Object.isFrozen(made)).to.equal(true);
  });
});
