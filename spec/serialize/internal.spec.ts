import { expect } from "chai";
import * as vm from "node:vm";
import { getterThrew, isErrorLike, setOwn, symbolText, unserializable } from "../../src/serialize/internal.js";

describe("serialize/internal: the pieces the value walker and the error serialiser share", () => {
  it("setOwn writes even __proto__ and toString as plain own keys: no prototype pollution", () => {
    const out: Record<string, unknown> = {};
    setOwn(out, "__proto__", { polluted: true });
    setOwn(out, "toString", "text");
    setOwn(out, "plain", 1);
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.keys(out)).to.deep.equal(["__proto__", "toString", "plain"]);
    expect(JSON.parse(JSON.stringify(out))).to.deep.equal({ ["__proto__"]: { polluted: true }, toString: "text", plain: 1 });
  });

  it("isErrorLike: native errors of any realm and anything built on Error.prototype; a hostile Proxy is simply not one", () => {
    expect(isErrorLike(new TypeError("x"))).to.equal(true);
    expect(isErrorLike(vm.runInNewContext("new RangeError('other realm')") as object)).to.equal(true);
    expect(isErrorLike(Object.create(Error.prototype) as object)).to.equal(true);
    expect(isErrorLike({ name: "Error", message: "looks like one" })).to.equal(false);
    const hostile = new Proxy({}, {
      getPrototypeOf: () => {
        throw new Error("trap");
      },
    });
    expect(isErrorLike(hostile)).to.equal(false);
  });

  it("the markers name what was thrown without calling user code, cut to the string limit", () => {
    expect(unserializable(new TypeError("revoked"), 100)).to.equal("[Unserializable: TypeError: revoked]");
    expect(getterThrew(new Error("no access"), 100)).to.equal("[Getter threw: no access]");
    expect(getterThrew("plain string", 100)).to.equal("[Getter threw: plain string]");
    expect(getterThrew(Symbol("s"), 100)).to.equal("[Getter threw: [Symbol(s)]]");
    expect(getterThrew(12n, 100)).to.equal("[Getter threw: 12n]");
    const sneaky = { toString: () => "user code ran" };
    expect(getterThrew(sneaky, 100)).to.equal("[Getter threw: [object]]");
    expect(getterThrew(new Error("x".repeat(50)), 10)).to.match(/^\[Getter threw: x{1,10}.*\]$/).and.have.length.below(40);
  });

  it("symbolText shows a symbol with its description", () => {
    expect(symbolText(Symbol("id"))).to.equal("[Symbol(id)]");
    expect(symbolText(Symbol())).to.equal("[Symbol()]");
  });
});
