import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { stdSerializers, toSafeValue } from "../../src/serialize/index.js";
import { Logger } from "../../src/index.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

/**
 * Node's IncomingMessage and ServerResponse, logged from a real HTTP server on 127.0.0.1:
 * a summary without credentials, instead of Node's internals.
 */
describe("serialize/http (req and res)", () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  });
  const dir = useTempDir();

  /** Starts a server whose handler is `handle`, sends one request with credentials, returns the response body. */
  async function oneRequest(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<void> {
    server = http.createServer((req, res) => {
      res.setHeader("set-cookie", "session=planted-session-cookie");
      res.setHeader("x-request-id", "abc");
      res.statusCode = 201;
      handle(req, res);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/orders/7?x=1`, {
      method: "POST",
      headers: { cookie: "session=planted-request-cookie", authorization: "Bearer planted-bearer-token", "x-trace": "t1" },
      body: "{}",
    });
    await response.text();
  }

  it("a logged req and res become method, url, remote address, status and headers, with no credential", async () => {
    const log = new Logger("api", { cwd: dir(), env: {}, config: { sinks: { terminal: { enabled: false }, file_json: { enabled: true, path: "app.ndjson" } } } });
    await oneRequest((req, res) => log.info("request", { extra: { req, res } }));
    await log.complete();
    const [line] = readLines(path.join(dir(), "app.ndjson"));
    const { req, res } = JSON.parse(line).extra;
    expect(req).to.deep.include({ method: "POST", url: "/orders/7?x=1", remoteAddress: "127.0.0.1" });
    expect(req.remotePort).to.be.a("number");
    expect(req.headers).to.include({ "x-trace": "t1" });
    expect(req.headers).not.to.have.any.keys("cookie", "authorization");
    expect(res).to.deep.equal({ statusCode: 201, headers: { "x-request-id": "abc" } });
    expect(line).not.to.match(/planted/);
    // The whole line, not 20 KB of sockets and parsers.
    expect(line.length).to.be.below(1000);
  });

  it("wherever they appear in extra: nested, in a list, next to an Error", async () => {
    let summary: unknown;
    await oneRequest((req, res) => {
      summary = toSafeValue({ http: { exchange: [req, res] }, err: new Error("x") });
    });
    const value = summary as { http: { exchange: Array<Record<string, unknown>> }; err: Record<string, unknown> };
    expect(value.http.exchange[0]).to.include({ method: "POST" });
    expect(value.http.exchange[1]).to.include({ statusCode: 201 });
    expect(value.err).to.include({ type: "Error", message: "x" });
  });

  it("stdSerializers.req / .res / .err for a serializers option; other values pass through", async () => {
    let req: unknown;
    let res: unknown;
    await oneRequest((request, response) => {
      req = stdSerializers.req(request);
      res = stdSerializers.res(response);
    });
    expect(req).to.include({ method: "POST", url: "/orders/7?x=1" });
    expect(res).to.include({ statusCode: 201 });
    expect(stdSerializers.req("not a request")).to.equal("not a request");
    expect(stdSerializers.res(42)).to.equal(42);
    expect(stdSerializers.err(new TypeError("bad"))).to.include({ type: "TypeError", message: "bad" });
  });
});
