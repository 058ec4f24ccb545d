import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { request } from "undici";
import { ScriptedHttp, parseRetryAfter } from "../helpers/servers/index.js";
import { agent, call, sleep } from "./http-client.js";
import { waitUntil } from "../helpers/wait-until.js";

describe("ScriptedHttp (FakeHttp harness)", () => {
  let server: ScriptedHttp;

  afterEach(async () => {
    await server?.close();
  });

  it("listens on 127.0.0.1 with an ephemeral port and records each request", async () => {
    server = await ScriptedHttp.start();
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    const before = performance.now();
    const res = await call(`${server.url}/hook/a?x=1&y=two`, { json: { hello: "world" }, headers: { "x-test": "yes" } });
    assert.equal(res.status, 204);
    assert.equal(res.text, "");
    assert.equal(server.requests.length, 1);
    const [req] = server.requests;
    assert.equal(req.index, 0);
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/hook/a");
    assert.deepEqual(req.query, { x: "1", y: "two" });
    assert.equal(req.headers["x-test"], "yes");
    assert.equal(req.headers["content-type"], "application/json");
    assert.equal(req.body, '{"hello":"world"}');
    assert.ok(req.receivedAt >= before && req.receivedAt <= performance.now());
    assert.equal(req.status, 204);
    assert.equal(req.answeredBy, "handler");
    assert.equal(req.outcome, "responded");
  });

  it("answers from the FIFO script first, then from the handler", async () => {
    server = await ScriptedHttp.start(() => ({ status: 200, body: { ok: true } }));
    server.script(
      { status: 503, body: "busy" },
      { status: 503, headers: { "x-a": "1" } },
      { status: 500, body: { error: "boom" } },
    );
    assert.equal(server.pendingScript, 3);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await call(server.url));
    assert.deepEqual(
      results.map((r) => r.status),
      [503, 503, 500, 200],
    );
    assert.equal(results[0].text, "busy");
    assert.equal(results[1].headers["x-a"], "1");
    assert.equal(results[2].headers["content-type"], "application/json");
    assert.deepEqual(results[2].json, { error: "boom" });
    assert.deepEqual(results[3].json, { ok: true });
    assert.deepEqual(
      server.requests.map((r) => r.answeredBy),
      ["script", "script", "script", "handler"],
    );
    assert.equal(server.pendingScript, 0);
  });

  it("delays an answer by delayMs", async () => {
    server = await ScriptedHttp.start();
    server.script({ delayMs: 300, then: { status: 202, body: "late" } });
    const start = performance.now();
    const res = await call(server.url);
    const elapsed = performance.now() - start;
    assert.equal(res.status, 202);
    assert.equal(res.text, "late");
    // Well above an undelayed answer (a few ms), with room for a timer that libuv starts from the
    // loop's cached time: on a busy machine one fired 12 ms "early" against performance.now().
    assert.ok(elapsed >= 250, `answered after ${elapsed} ms`);
  });

  it("hang: accepts and never answers; the client deadline ends it and close() leaves 0 connections", async () => {
    server = await ScriptedHttp.start();
    server.script({ hang: true });
    // The moment the client's deadline fired, on the server's clock (same process): what ended
    // the request must be that deadline, not the server. Compared with it rather than with a
    // floor of elapsed ms: a timer measured against performance.now() can fire a few ms "early"
    // on a busy machine (libuv starts it from the loop's cached time).
    const signal = AbortSignal.timeout(250);
    let abortedAt: number | undefined;
    signal.addEventListener("abort", () => (abortedAt = performance.now()));
    await assert.rejects(call(server.url, { signal }), (err: Error) => {
      assert.match(err.name, /TimeoutError|AbortError/);
      return true;
    });
    assert.ok(abortedAt !== undefined, "the client's deadline ended the call");
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].status, undefined);
    assert.equal(server.requests[0].outcome, "hang");
    await waitUntil(() => server.requests[0].closedAt !== undefined);
    // The server held the request open until the client gave up, never closing it first.
    assert.ok(server.requests[0].closedAt! >= abortedAt!, `closed at ${server.requests[0].closedAt}, client aborted at ${abortedAt}`);
    await server.close();
    assert.equal(await server.getConnections(), 0);
  });

  it("close() destroys a connection that is still hanging", async () => {
    server = await ScriptedHttp.start();
    server.script({ hang: true });
    const pending = call(server.url, { signal: AbortSignal.timeout(10_000) });
    await server.waitForRequests(1, 2000);
    assert.equal(await server.getConnections(), 1);
    assert.equal(server.inFlight, 1);
    const start = performance.now();
    await server.close();
    await assert.rejects(pending, (err: Error & { code?: string }) => {
      assert.match(String(err.code), /UND_ERR_SOCKET|ECONNRESET/);
      return true;
    });
    assert.equal(await server.getConnections(), 0);
  });

  it("trickle: sends the headers, then one byte every N ms, and never ends the body", async () => {
    server = await ScriptedHttp.start();
    server.script({ trickle: { bytesEvery: 50 } });
    const res = await request(server.url, {
      method: "GET",
      dispatcher: agent,
      signal: AbortSignal.timeout(400),
      headersTimeout: 2000,
      bodyTimeout: 0,
    });
    assert.equal(res.statusCode, 200);
    let bytes = 0;
    await assert.rejects(
      (async () => {
        for await (const chunk of res.body) bytes += (chunk as Buffer).length;
      })(),
      (err: Error) => /TimeoutError|AbortError/.test(err.name),
    );
    assert.ok(bytes >= 3 && bytes <= 9, `received ${bytes} bytes in 400 ms`);
    assert.equal(server.requests[0].outcome, "trickle");
    await server.close();
    assert.equal(await server.getConnections(), 0);
  });

  it("destroy: resets the connection", async () => {
    server = await ScriptedHttp.start();
    server.script({ destroy: true });
    await assert.rejects(call(server.url), (err: Error & { code?: string }) => {
      assert.match(String(err.code), /ECONNRESET|UND_ERR_SOCKET/);
      return true;
    });
    assert.equal(server.requests[0].outcome, "destroyed");
    // the next request is answered normally
    assert.equal((await call(server.url)).status, 204);
  });

  it("waitForRequests resolves on arrival and rejects on timeout", async () => {
    server = await ScriptedHttp.start();
    const waiting = server.waitForRequests(3, 2000);
    setTimeout(() => {
      for (let i = 0; i < 3; i++) void call(`${server.url}/n/${i}`);
    }, 50);
    const requests = await waiting;
    assert.equal(requests.length, 3);
    assert.deepEqual(requests.map((r) => r.path).sort(), ["/n/0", "/n/1", "/n/2"]);
    await assert.rejects(server.waitForRequests(5, 100), /timed out after 100 ms waiting for 5 requests; got 3/);
  });

  it("records a request that comes before a 429's Retry-After as a violation", async () => {
    server = await ScriptedHttp.start();
    server.script({ status: 429, headers: { "retry-after": "1" }, body: "slow down" });
    assert.equal((await call(server.url)).status, 429);
    assert.equal(server.hints.length, 1);
    assert.equal(server.hints[0].ms, 1000);
    assert.equal((await call(server.url)).status, 204);
    assert.equal(server.violations.length, 1);
    assert.equal(server.violations[0].requestIndex, 1);
    assert.equal(server.violations[0].hintRequestIndex, 0);
    assert.ok(server.violations[0].earlyByMs > 900, `early by ${server.violations[0].earlyByMs}`);
  });

  it("prefers a body retry_after (seconds) and accepts a retry that waits for it", async () => {
    server = await ScriptedHttp.start();
    server.script({ status: 429, headers: { "retry-after": "1" }, body: { retry_after: 0.2, global: false } });
    assert.equal((await call(server.url)).status, 429);
    assert.equal(server.hints[0].ms, 200);
    await sleep(230);
    assert.equal((await call(server.url)).status, 204);
    assert.deepEqual(server.violations, []);
  });

  it("parses Retry-After as delay-seconds or an HTTP-date", () => {
    assert.equal(parseRetryAfter("2"), 2000);
    assert.equal(parseRetryAfter(" 0 "), 0);
    assert.equal(parseRetryAfter("soon"), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
    const ms = parseRetryAfter(new Date(Date.now() + 5000).toUTCString())!;
    assert.ok(ms > 3500 && ms <= 5000, `got ${ms}`);
  });

  it("answers 500 when the handler throws, and keeps the error", async () => {
    server = await ScriptedHttp.start(() => {
      throw new Error("bad handler");
    });
    const res = await call(server.url);
    assert.equal(res.status, 500);
    assert.match(res.json.message, /bad handler/);
    assert.equal(server.handlerErrors.length, 1);
  });

  it("stop() refuses connections; restartOnSamePort() serves again on the same port (F10)", async () => {
    server = await ScriptedHttp.start();
    const port = server.port;
    assert.equal((await call(server.url)).status, 204);
    await server.stop();
    assert.equal(server.listening, false);
    await assert.rejects(call(server.url), (err: Error & { code?: string }) => {
      assert.equal(err.code, "ECONNREFUSED");
      return true;
    });
    await server.restartOnSamePort();
    assert.equal(server.port, port);
    assert.equal((await call(server.url)).status, 204);
    assert.equal(server.requests.length, 2);
    await server.close();
    assert.equal(await server.getConnections(), 0);
    await assert.rejects(server.restartOnSamePort(), /closed for good/);
  });
});
