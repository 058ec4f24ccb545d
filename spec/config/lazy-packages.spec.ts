import { expect } from "chai";
import dotenvPackage from "dotenv";
import * as either from "fp-ts/lib/Either.js";
import * as semigroup from "fp-ts/lib/Semigroup.js";
import * as t from "io-ts";
import { dotenv, fpEither, fpSemigroup, ioTs, jsYaml } from "../../src/config/lazy-packages.js";

/*
 * The packages configuration loads on first use. What the process loads when is checked in a
 * fresh process by spec/startup/lazy-loading.spec.ts; here: each accessor gives the package
 * itself (the same module instance an import of it gives), every time the same.
 */
describe("config/lazy-packages: the configuration's packages, loaded on first use", () => {
  it("io-ts and fp-ts are the same module instances a static import gives", () => {
    expect(ioTs().Type).to.equal(t.Type);
    expect(fpEither().isLeft).to.equal(either.isLeft);
    expect(fpSemigroup().struct).to.equal(semigroup.struct);
    expect(ioTs()).to.equal(ioTs());
  });

  it("dotenv parses .env text and js-yaml parses YAML, with js-yaml's own error class", () => {
    expect(dotenv().parse("FLOWLOG_STRICT=1\n")).to.deep.equal({ FLOWLOG_STRICT: "1" });
    expect(dotenv().parse).to.equal(dotenvPackage.parse);
    expect(jsYaml().load("sinks:\n  terminal: {enabled: false}\n")).to.deep.equal({ sinks: { terminal: { enabled: false } } });
    expect(() => jsYaml().load("a: [")).to.throw(jsYaml().YAMLException);
  });
});
