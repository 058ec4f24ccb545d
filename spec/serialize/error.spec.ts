import { expect } from "chai";
import { FlowlogConfigError } from "../../src/core/errors.js";
import type { SerializedError } from "../../src/core/record.js";
import { DEFAULT_LIMITS, serializeError, type SerializeLimits } from "../../src/serialize/index.js";

/** An Error with a fixed stack, so expectations can be exact. */
function fixedError(message: string, extra: Record<string, unknown> = {}, cause?: unknown): Error {
  const err = Object.assign(cause === undefined ? new Error(message) : new Error(message, { cause }), extra);
  Object.defineProperty(err, "stack", { value: `STACK ${message}`, writable: true, configurable: true });
  return err;
}

/** e0 -> e1 -> ... -> e(n-1) through `cause`, each with a fixed stack. */
function chain(length: number): Error {
  let err: Error | undefined;
  for (let i = length - 1; i >= 0; i--) err = fixedError(`e${i}`, {}, err);
  return err!;
}

/** Follows `cause` n times. */
function causeAt(serialized: SerializedError, n: number): SerializedError | undefined {
  let node: SerializedError | undefined = serialized;
  for (let i = 0; i < n; i++) node = node?.cause;
  return node;
}

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(isDeepFrozen);
}

describe("serialize/serializeError", () => {
  describe("Error instances", () => {
    it("type, message and stack; nothing else when there is nothing else", () => {
      const err = new Error("boom");
      const out = serializeError(err);
      expect(out).to.deep.equal({ type: "Error", message: "boom", stack: err.stack });
      expect(Object.keys(out)).to.deep.equal(["type", "message", "stack"]);
      expect(out.stack).to.match(/^Error: boom\n {4}at /);
    });

    const typeCases: ReadonlyArray<readonly [string, () => Error, string]> = [
      ["a built-in subclass", () => new TypeError("t"), "TypeError"],
      ["a user subclass that never sets name: the constructor name", () => new (class ParseError extends Error {})("p"), "ParseError"],
      ["a plain Error whose name was set: the name", () => Object.assign(new Error("a"), { name: "AbortError" }), "AbortError"],
      ["an AggregateError", () => new AggregateError([], "none"), "AggregateError"],
      ["an object made from Error.prototype", () => Object.create(Error.prototype) as Error, "Error"],
    ];
    for (const [name, make, type] of typeCases) {
      it(`type of ${name} is ${type}`, () => {
        expect(serializeError(make()).type).to.equal(type);
      });
    }

    it("custom fields (code, status) go to fields, made safe", () => {
      const err = fixedError("upstream failed", { code: "E_UPSTREAM", status: 503, retryAfter: 1n, meta: { tries: NaN } });
      expect(serializeError(err)).to.deep.equal({
        type: "Error",
        message: "upstream failed",
        stack: "STACK upstream failed",
        fields: { code: "E_UPSTREAM", status: 503, retryAfter: "1n", meta: { tries: "NaN" } },
      });
    });

    it("flowlog's own errors keep their code and problems", () => {
      const err = new FlowlogConfigError(["sinks[0].level: unknown level NOPE"]);
      const out = serializeError(err);
      expect(out.type).to.equal("FlowlogConfigError");
      expect(out.message).to.equal("invalid flowlog configuration:\n  sinks[0].level: unknown level NOPE");
      // `name` equals `type`, so it is not repeated in fields
      expect(out.fields).to.deep.equal({ code: "FLOWLOG_CONFIG", problems: ["sinks[0].level: unknown level NOPE"], warnings: [] });
    });

    it("a name that says more than the type is kept in fields (DOMException)", () => {
      const out = serializeError(new DOMException("the operation was aborted", "AbortError"));
      expect(out.type).to.equal("DOMException");
      expect(out.message).to.equal("the operation was aborted");
      expect(out.fields).to.deep.equal({ name: "AbortError" });
    });

    it("an error with no stack has no stack key", () => {
      const err = new Error("stackless");
      delete (err as { stack?: string }).stack;
      expect(serializeError(err)).to.deep.equal({ type: "Error", message: "stackless" });
      expect(Object.keys(serializeError(err))).to.deep.equal(["type", "message"]);
    });

    it("an error with a non-string message", () => {
      const err = fixedError("x");
      (err as { message: unknown }).message = { code: 7 };
      expect(serializeError(err)).to.deep.equal({ type: "Error", message: '{"code":7}', stack: "STACK x" });
    });

    it("an Error in a field is serialised as an Error", () => {
      const err = fixedError("outer", { inner: fixedError("inner") });
      expect(serializeError(err).fields).to.deep.equal({
        inner: { type: "Error", message: "inner", stack: "STACK inner" },
      });
    });

    it("long messages are cut at maxStringLength", () => {
      const limits: SerializeLimits = { ...DEFAULT_LIMITS, maxStringLength: 5 };
      expect(serializeError(fixedError("0123456789"), limits).message).to.equal("01234…[+5 chars]");
    });
  });

  describe("cause chains", () => {
    it("a chain of 5: all present, in order", () => {
      const out = serializeError(chain(5));
      for (let i = 0; i < 5; i++) {
        expect(causeAt(out, i)).to.include({ type: "Error", message: `e${i}`, stack: `STACK e${i}` });
      }
      expect(causeAt(out, 4)).not.to.have.property("cause");
    });

    it("a chain of 20: cut at depth 10 with a [Depth] marker", () => {
      const out = serializeError(chain(20));
      expect(causeAt(out, 9)).to.include({ type: "Error", message: "e9" });
      expect(causeAt(out, 10)).to.deep.equal({ type: "[Depth]", message: "cause chain cut at depth 10" });
    });

    it("maxCauseDepth is honoured", () => {
      const out = serializeError(chain(5), { ...DEFAULT_LIMITS, maxCauseDepth: 2 });
      expect(causeAt(out, 1)).to.include({ message: "e1" });
      expect(causeAt(out, 2)).to.deep.equal({ type: "[Depth]", message: "cause chain cut at depth 2" });
    });

    it("err.cause = err: a [Circular] marker", () => {
      const err = fixedError("self");
      (err as { cause?: unknown }).cause = err;
      expect(serializeError(err)).to.deep.equal({
        type: "Error",
        message: "self",
        stack: "STACK self",
        cause: { type: "[Circular]", message: "[Circular]" },
      });
    });

    it("a -> b -> a: a [Circular] marker where the loop closes", () => {
      const a = fixedError("a");
      const b = fixedError("b", {}, a);
      (a as { cause?: unknown }).cause = b;
      const out = serializeError(a);
      expect(out.cause).to.include({ message: "b" });
      expect(causeAt(out, 2)).to.deep.equal({ type: "[Circular]", message: "[Circular]" });
    });

    it("a non-Error cause is serialised like any thrown value", () => {
      expect(serializeError(fixedError("s", {}, "just text")).cause).to.deep.equal({ type: "string", message: "just text" });
      expect(serializeError(fixedError("o", {}, { reason: "quota" })).cause).to.deep.equal({
        type: "object",
        message: '{"reason":"quota"}',
        fields: { reason: "quota" },
      });
    });

    it("a cause given as undefined is recorded as such", () => {
      const err = new Error("u", { cause: undefined });
      expect(serializeError(err).cause).to.deep.equal({ type: "undefined", message: "undefined" });
    });
  });

  describe("AggregateError", () => {
    it("three members, Error or not, under errors", () => {
      const agg = new AggregateError([fixedError("first"), "second", { third: 3 }], "all failed");
      Object.defineProperty(agg, "stack", { value: "STACK agg" });
      expect(serializeError(agg)).to.deep.equal({
        type: "AggregateError",
        message: "all failed",
        stack: "STACK agg",
        errors: [
          { type: "Error", message: "first", stack: "STACK first" },
          { type: "string", message: "second" },
          { type: "object", message: '{"third":3}', fields: { third: 3 } },
        ],
      });
    });

    it("members past maxArrayLength are counted", () => {
      const agg = new AggregateError(["a", "b", "c"], "many");
      const out = serializeError(agg, { ...DEFAULT_LIMITS, maxArrayLength: 2 });
      expect(out.errors).to.deep.equal([
        { type: "string", message: "a" },
        { type: "string", message: "b" },
        { type: "[Truncated]", message: "[+1 errors]" },
      ]);
    });

    it("a member that is the aggregate itself is [Circular]", () => {
      const agg = new AggregateError([], "loop");
      (agg.errors as unknown[]).push(agg);
      expect(serializeError(agg).errors).to.deep.equal([{ type: "[Circular]", message: "[Circular]" }]);
    });
  });

  describe("anything else thrown", () => {
    const cases: ReadonlyArray<readonly [string, unknown, SerializedError]> = [
      ["null", null, { type: "null", message: "null" }],
      ["undefined", undefined, { type: "undefined", message: "undefined" }],
      ["a string", "str", { type: "string", message: "str" }],
      ["a number", 42, { type: "number", message: "42" }],
      ["an object", { code: 1 }, { type: "object", message: '{"code":1}', fields: { code: 1 } }],
      ["NaN", NaN, { type: "number", message: "NaN" }],
      ["a boolean", true, { type: "boolean", message: "true" }],
      ["a BigInt", 10n, { type: "bigint", message: "10n" }],
      ["a symbol", Symbol("s"), { type: "symbol", message: "[Symbol(s)]" }],
      ["a function", function thrower() {}, { type: "function", message: "[Function thrower]" }],
      ["an array", [1, "a"], { type: "object", message: '[1,"a"]' }],
      ["a Date", new Date(0), { type: "object", message: "1970-01-01T00:00:00.000Z" }],
    ];
    for (const [name, thrown, expected] of cases) {
      it(`${name} -> ${JSON.stringify(expected)}`, () => {
        expect(serializeError(thrown)).to.deep.equal(expected);
      });
    }

    it("a big object's message is a preview; fields hold it all", () => {
      const thrown = { text: "y".repeat(500) };
      const out = serializeError(thrown);
      expect(out.message).to.equal(`${JSON.stringify(thrown).slice(0, 200)}…[+${JSON.stringify(thrown).length - 200} chars]`);
      expect(out.fields).to.deep.equal(thrown);
    });
  });

  describe("hostile errors never throw out", () => {
    it("a message getter that throws", () => {
      const err = fixedError("m");
      Object.defineProperty(err, "message", {
        get() {
          throw new Error("message getter");
        },
      });
      expect(serializeError(err)).to.deep.equal({ type: "Error", message: "[Getter threw: message getter]", stack: "STACK m" });
    });

    it("a stack getter that throws", () => {
      const err = new Error("s");
      Object.defineProperty(err, "stack", {
        get() {
          throw new Error("stack getter");
        },
      });
      expect(serializeError(err)).to.deep.equal({ type: "Error", message: "s", stack: "[Getter threw: stack getter]" });
    });

    it("a name getter that throws: the constructor name is used", () => {
      class Nameless extends Error {}
      const err = new Nameless("n");
      Object.defineProperty(err, "stack", { value: "STACK n" });
      Object.defineProperty(err, "name", {
        get() {
          throw new Error("name getter");
        },
      });
      expect(serializeError(err)).to.deep.equal({ type: "Nameless", message: "n", stack: "STACK n" });
    });

    it("a cause getter that throws", () => {
      const err = fixedError("c");
      Object.defineProperty(err, "cause", {
        get() {
          throw new Error("cause getter");
        },
      });
      expect(serializeError(err).cause).to.deep.equal({ type: "[Unserializable]", message: "[Getter threw: cause getter]" });
    });

    it("an AggregateError whose errors getter throws", () => {
      const agg = new AggregateError([], "agg");
      Object.defineProperty(agg, "errors", {
        get() {
          throw new Error("errors getter");
        },
      });
      expect(serializeError(agg).errors).to.deep.equal([{ type: "[Unserializable]", message: "[Getter threw: errors getter]" }]);
    });

    it("a field getter that throws: that field only", () => {
      const err = fixedError("f", { code: "E_F" });
      Object.defineProperty(err, "status", {
        enumerable: true,
        get() {
          throw new Error("status getter");
        },
      });
      expect(serializeError(err).fields).to.deep.equal({ code: "E_F", status: "[Getter threw: status getter]" });
    });

    it("a Proxy around an Error whose ownKeys trap throws", () => {
      const proxy = new Proxy(fixedError("p"), {
        ownKeys() {
          throw new Error("ownKeys trap");
        },
      });
      expect(serializeError(proxy)).to.deep.equal({ type: "[Unserializable]", message: "[Unserializable: Error: ownKeys trap]" });
    });

    it("a thrown Proxy whose traps all throw", () => {
      const proxy = new Proxy(
        {},
        {
          getPrototypeOf() {
            throw new Error("proto trap");
          },
        },
      );
      expect(serializeError(proxy)).to.deep.equal({ type: "object", message: "[Unserializable: Error: proto trap]" });
    });
  });

  describe("result objects", () => {
    it("are deep-frozen: the error, its cause, errors and fields", () => {
      const agg = new AggregateError([fixedError("member", { nested: { list: [1] } })], "agg", {
        cause: fixedError("cause", { meta: { deep: [new Map([["k", { v: 1 }]])] } }),
      });
      (agg as { code?: string }).code = "E_AGG";
      const out = serializeError(agg);
      expect(out.errors?.[0].fields).to.deep.equal({ nested: { list: [1] } });
      expect(out.cause?.fields).to.deep.equal({ meta: { deep: [{ "[Map]": [["k", { v: 1 }]] }] } });
      expect(isDeepFrozen(out)).to.equal(true);
    });

    it("non-Error results are frozen too", () => {
      expect(isDeepFrozen(serializeError({ a: { b: [1] } }))).to.equal(true);
      expect(Object.isFrozen(serializeError("s"))).to.equal(true);
    });

    it("the thrown error itself is left unfrozen and unchanged", () => {
      const meta = { attempt: 1 };
      const err = fixedError("mine", { meta });
      serializeError(err);
      expect(Object.isFrozen(err)).to.equal(false);
      expect(Object.isFrozen(meta)).to.equal(false);
      expect(Object.keys(err)).to.deep.equal(["meta"]);
    });
  });
});
