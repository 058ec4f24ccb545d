import { expect } from "chai";
import fc from "fast-check";
import { FlowlogConfigError } from "../../src/core/errors.js";
import { compileRedactor, REDACTED } from "../../src/redact/redactor.js";
import { formatCsv, formatJson, formatMarkdown, formatText } from "../../src/format/index.js";
import { formatTerminal } from "../../src/format/terminal.js";
import type { LogRecord } from "../../src/core/record.js";

const SECRET = "s3cr3t-Planted-V4lue";

describe("redact/compileRedactor", () => {
  const redactor = compileRedactor(["password", "headers.authorization", "*.token"])!;

  it("an empty list compiles to nothing: the log call pays nothing", () => {
    expect(compileRedactor([])).to.equal(undefined);
    expect(compileRedactor(undefined)).to.equal(undefined);
  });

  it("a bare key is redacted at any depth and in any case; a path only where it leads", () => {
    const input = {
      password: SECRET,
      user: { PassWord: SECRET, name: "ada" },
      headers: { authorization: SECRET, accept: "json" },
      other: { authorization: "kept: not under headers" },
      list: [{ password: SECRET }],
    };
    expect(redactor.value(input)).to.deep.equal({
      password: REDACTED,
      user: { PassWord: REDACTED, name: "ada" },
      headers: { authorization: REDACTED, accept: "json" },
      other: { authorization: "kept: not under headers" },
      list: [{ password: REDACTED }],
    });
  });

  it("* stands for any one key", () => {
    expect(redactor.value({ telegram: { token: SECRET }, token: "top level: one segment short" })).to.deep.equal({
      telegram: { token: REDACTED },
      token: "top level: one segment short",
    });
  });

  it("leaves the caller's object untouched", () => {
    const input = { password: SECRET };
    redactor.value(input);
    expect(input.password).to.equal(SECRET);
  });

  it("masks secret-shaped values in any string", () => {
    const cases: Array<[string, string]> = [
      ["auth Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig end", `auth Bearer ${REDACTED} end`],
      ["bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw here", `bot ${REDACTED} here`],
      ["https://discord.com/api/webhooks/123/abcDEF_ghi-jkl", `https://discord.com/api/webhooks/123/${REDACTED}`],
      ["postgres://app:hunter2@db:5432/x", `postgres://${REDACTED}@db:5432/x`],
      ["nothing to see", "nothing to see"],
    ];
    for (const [input, expected] of cases) expect(redactor.text(input), input).to.equal(expected);
  });

  it("survives cycles, throwing getters and Proxies", () => {
    const cyclic: Record<string, unknown> = { password: SECRET };
    cyclic.self = cyclic;
    const getter = Object.defineProperty({}, "password", { get: () => { throw new Error("no"); }, enumerable: true });
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
    const out = redactor.value({ cyclic, getter, proxy }) as Record<string, Record<string, unknown>>;
    expect(out.cyclic.password).to.equal(REDACTED);
    expect(out.getter.password).to.equal(REDACTED);
    expect(out.proxy).to.equal(REDACTED);
  });

  it("rejects a malformed path with a clear error (a FlowlogConfigError: redact paths are configuration)", () => {
    expect(() => compileRedactor(["a..b"])).to.throw(FlowlogConfigError, /redact: "a\.\.b" is not a key path/);
    expect(() => compileRedactor([""])).to.throw(FlowlogConfigError);
  });

  it("property: a secret planted under a redacted key, anywhere in random data, reaches no format (10,000 cases)", function () {
    this.timeout(120_000);
    const key = fc.constantFrom("password", "PASSWORD", "Password");
    const planted: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.anything({ maxDepth: 2 }),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 5 }), tie("node"), { maxKeys: 3 }),
        fc.tuple(key, tie("node")).map(([k, rest]) => ({ [k]: SECRET, rest })),
      ),
    })).node;
    fc.assert(
      fc.property(planted, (extra) => {
        const safe = redactor.value({ data: extra, password: SECRET });
        const record: LogRecord = Object.freeze({ time: 0, level: "INFO", levelno: 20, logger: "x", msg: "m", extra: safe as Record<string, unknown> });
        for (const format of [formatJson, formatText, formatCsv, formatMarkdown]) {
          if (format(record).includes(SECRET)) return false;
        }
        return !formatTerminal(record, { colors: false }).includes(SECRET);
      }),
      { numRuns: 10_000 },
    );
  });
});
