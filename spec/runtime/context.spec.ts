import { expect } from "chai";
import { setImmediate as nextTurn, setTimeout as delay } from "node:timers/promises";
import { currentContext, runWithContext, withCurrentContext } from "../../src/runtime/context.js";

describe("runtime/context: request-scoped bindings for every logger", () => {
  it("outside any withContext there is no context, and a record's bindings pass through unchanged", () => {
    expect(currentContext()).to.equal(undefined);
    const bindings = { service: "api" };
    expect(withCurrentContext(bindings)).to.equal(bindings);
    expect(withCurrentContext(undefined)).to.equal(undefined);
  });

  it("returns what the function returns, and the context holds inside it only", () => {
    const result = runWithContext({ requestId: "r1" }, () => currentContext());
    expect(result).to.deep.equal({ requestId: "r1" });
    expect(currentContext()).to.equal(undefined);
  });

  it("follows the call across awaits, timers and promise callbacks", async () => {
    const seen: unknown[] = [];
    await runWithContext({ requestId: "r2" }, async () => {
      await delay(1);
      seen.push(currentContext());
      await new Promise<void>((resolve) => setTimeout(() => (seen.push(currentContext()), resolve()), 1));
      await nextTurn();
      seen.push(currentContext());
    });
    expect(seen).to.deep.equal([{ requestId: "r2" }, { requestId: "r2" }, { requestId: "r2" }]);
  });

  it("two concurrent requests keep their own context", async () => {
    const inRequest = (id: string) =>
      runWithContext({ requestId: id }, async () => {
        await delay(id === "a" ? 5 : 1);
        return (currentContext() as { requestId: string }).requestId;
      });
    expect(await Promise.all([inRequest("a"), inRequest("b")])).to.deep.equal(["a", "b"]);
  });

  it("a nested withContext adds to the outer one, the inner key wins, and the outer is back afterwards", () => {
    runWithContext({ requestId: "outer", user: "ada" }, () => {
      runWithContext({ requestId: "inner" }, () => expect(currentContext()).to.deep.equal({ requestId: "inner", user: "ada" }));
      expect(currentContext()).to.deep.equal({ requestId: "outer", user: "ada" });
    });
  });

  it("the context is a frozen copy: changing the caller's object later changes nothing", () => {
    const bindings: Record<string, unknown> = { requestId: "r3" };
    runWithContext(bindings, () => {
      bindings.requestId = "changed";
      expect(currentContext()).to.deep.equal({ requestId: "r3" });
      expect(Object.isFrozen(currentContext())).to.equal(true);
    });
  });

  it("a logger's own bindings win over the context (the more specific wins)", () => {
    runWithContext({ requestId: "r4", service: "from-context" }, () => {
      expect(withCurrentContext({ service: "from-child" })).to.deep.equal({ requestId: "r4", service: "from-child" });
      expect(withCurrentContext(undefined)).to.deep.equal({ requestId: "r4", service: "from-context" });
    });
  });
});
