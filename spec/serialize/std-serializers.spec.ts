import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { stdSerializers } from "../../src/serialize/std-serializers.js";

describe("serialize/std-serializers: the built-in serializers, for keys of your choosing", () => {
  it("req and res: a real request and response become their safe summaries, without secret headers", async () => {
    let seen: { req: unknown; res: unknown } | undefined;
    const server = http.createServer((req, res) => {
      res.setHeader("set-cookie", "session=secret-cookie");
      seen = { req: stdSerializers.req(req), res: undefined };
      res.end("ok", () => (seen!.res = stdSerializers.res(res)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/orders?id=7`, { headers: { authorization: "Bearer secret-token", "x-request-id": "r1" } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen!.req).to.deep.include({ method: "GET", url: "/orders?id=7" });
    expect(JSON.stringify(seen)).to.not.include("secret-token").and.not.include("secret-cookie");
    expect(JSON.stringify(seen!.req)).to.include("r1");
    expect(seen!.res).to.deep.include({ statusCode: 200 });
  });

  it("err: anything thrown becomes a serialised error", () => {
    expect(stdSerializers.err(new TypeError("boom"))).to.deep.include({ type: "TypeError", message: "boom" });
    expect(stdSerializers.err("a string")).to.deep.include({ type: "string", message: "a string" });
  });

  it("a value of another kind passes through req and res unchanged; the set cannot be changed", () => {
    const plain = { method: "GET" };
    expect(stdSerializers.req(plain)).to.equal(plain);
    expect(stdSerializers.res(42)).to.equal(42);
    expect(Object.isFrozen(stdSerializers)).to.equal(true);
  });
});
