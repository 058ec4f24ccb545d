import { expect } from "chai";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { inspect } from "node:util";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { classifyHttp, classifyTransportError, discordRetryAfterMs } from "../../src/io/classify.js";
import type { AttemptOutcome } from "../../src/core/attempt-outcome.js";
import { deliverWithRetry } from "../../src/operators/deliver-with-retry.js";
import { RateGate } from "../../src/operators/rate-gate.js";
import { DEFAULT_RETRY_POLICY } from "../../src/operators/retry-policy.js";
import { TransportError } from "../../src/core/errors.js";
import { HttpClient, MAX_RESPONSE_BYTES } from "../../src/io/http-client.js";
import { SecretScrubber } from "../../src/io/scrub.js";
import { TEST_CERT, TEST_KEY } from "../helpers/test-cert.js";
import { refusedPort } from "../helpers/refused-port.js";
import { waitUntil } from "../helpers/wait-until.js";

const TOKEN = "wEbHoOkToKeN-0123456789abcdef";
const PATH = `/api/webhooks/123/${TOKEN}?wait=true`;

interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** Connections accepted so far. */
  totalConnections: () => number;
  /** Connections open now. */
  openConnections: () => number;
  close: () => Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** A loopback server on port 0 that records requests and connections; close() destroys every socket. */
async function startServer(handler: Handler, options: { tls?: boolean } = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let total = 0;
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  };
  const server = options.tls === true ? https.createServer({ key: TEST_KEY, cert: TEST_CERT }, onRequest) : http.createServer(onRequest);
  server.on("connection", (socket: Socket) => {
    total++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${options.tls === true ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    totalConnections: () => total,
    openConnections: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(TransportError);
    return err as TransportError;
  }
  throw new Error("expected a rejection");
}

function expectNoSecret(err: TransportError): void {
  for (const text of [err.message, String(err.stack), inspect(err, { depth: 5 }), JSON.stringify(err)]) {
    expect(text).to.not.include(TOKEN);
    expect(text).to.not.include("webhooks/123");
  }
}

describe("HttpClient", () => {
  const scrubber = new SecretScrubber([TOKEN]);
  let server: TestServer | undefined;
  let client: HttpClient | undefined;

  afterEach(async () => {
    await client?.destroy();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  function newClient(origin: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): HttpClient {
    client = new HttpClient({ origin, scrubber, connectTimeoutMs: 1000, ...extra });
    return client;
  }

  it("sends method, path, headers and body, and returns status, headers and body", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-ratelimit-remaining": "4" });
      res.end(JSON.stringify({ id: "1" }));
    });
    const http = newClient(server.origin);
    const response = await http.request({
      method: "POST",
      path: PATH,
      headers: { "content-type": "application/json", "user-agent": "flowlog-test" },
      body: JSON.stringify({ content: "hi" }),
      timeoutMs: 2000,
    });
    expect(response.status).to.equal(200);
    expect(response.body).to.equal('{"id":"1"}');
    expect(response.truncated).to.equal(false);
    expect(response.headers["content-type"]).to.equal("application/json");
    expect(response.headers["x-ratelimit-remaining"]).to.equal("4");
    expect(server.requests).to.have.length(1);
    expect(server.requests[0]).to.deep.include({ method: "POST", url: PATH, body: '{"content":"hi"}' });
    expect(server.requests[0].headers["user-agent"]).to.equal("flowlog-test");
  });

  it("returns 204 with an empty body, and error statuses as responses", async () => {
    let next = 204;
    server = await startServer((_req, res) => {
      res.writeHead(next);
      res.end(next === 204 ? undefined : '{"message":"Unknown Webhook","code":10015}');
    });
    const http = newClient(server.origin);
    expect(await http.request({ method: "POST", path: PATH, timeoutMs: 2000 })).to.deep.include({ status: 204, body: "" });
    next = 404;
    expect(await http.request({ method: "POST", path: PATH, timeoutMs: 2000 })).to.deep.include({
      status: 404,
      body: '{"message":"Unknown Webhook","code":10015}',
    });
  });

  it("keeps at most 64 KiB of a body, and the client stays usable", async () => {
    const big = "é".repeat(100 * 1024); // 200 KiB of UTF-8
    server = await startServer((req, res) => {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      res.end(req.url === "/small" ? "small" : big);
    });
    const http = newClient(server.origin);
    const response = await http.request({ method: "GET", path: "/big", timeoutMs: 5000 });
    expect(Buffer.byteLength(response.body, "utf8")).to.equal(MAX_RESPONSE_BYTES);
    expect(response.body).to.equal("é".repeat(MAX_RESPONSE_BYTES / 2));
    expect(response.truncated).to.equal(true);
    expect(await http.request({ method: "GET", path: "/small", timeoutMs: 2000 })).to.deep.include({ status: 200, body: "small" });
  });

  it("destroys an endless body after the cap instead of reading it all", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 120);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) {
          // keep the pipe full
        }
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const http = newClient(server.origin);
    const response = await http.request({ method: "GET", path: "/endless", timeoutMs: 5000 });
    expect(response.body.length).to.equal(MAX_RESPONSE_BYTES);
    expect(response.truncated).to.equal(true);
  });

  it("a hanging server -> ETIMEDOUT TransportError near timeoutMs, no token in the error", async () => {
    server = await startServer(() => {
      // never answers
    });
    const http = newClient(server.origin);
    const start = Date.now();
    const err = await rejection(http.request({ method: "POST", path: PATH, body: "{}", timeoutMs: 300 }));
    const elapsed = Date.now() - start;
    expect(err.code).to.equal("ETIMEDOUT");
    expect(elapsed).to.be.at.least(250);
    expect(err.message).to.include(server.origin);
    expectNoSecret(err);
  });

  it("undici's own timer first (a TLS handshake that never ends, past connectTimeoutMs): still code ETIMEDOUT, undici's UND_ERR_CONNECT_TIMEOUT kept as originalCode", async () => {
    // Accepts TCP and never answers the ClientHello: only the connect timeout can end it.
    const sockets = new Set<Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.resume(); // reads (and ignores) the ClientHello, so the client's close is seen
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const http = newClient(`https://127.0.0.1:${port}`, { connectTimeoutMs: 100 });
      // The attempt's own deadline is far away: undici's connect timer is the one that fires.
      const err = await rejection(http.request({ method: "POST", path: PATH, body: "{}", timeoutMs: 60_000 }));
      expect(err.code).to.equal("ETIMEDOUT");
      expect(err.originalCode).to.equal("UND_ERR_CONNECT_TIMEOUT");
      expectNoSecret(err);
      await waitUntil(() => sockets.size === 0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("a body trickling a byte every 50 ms is cut by the overall deadline, not only the idle timer", async () => {
    const timers = new Set<NodeJS.Timeout>();
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const timer = setInterval(() => {
        if (res.destroyed) clearInterval(timer);
        else res.write("x");
      }, 50);
      timers.add(timer);
    });
    const http = newClient(server.origin);
    const start = Date.now();
    const err = await rejection(http.request({ method: "GET", path: PATH, timeoutMs: 400 }));
    const elapsed = Date.now() - start;
    for (const timer of timers) clearInterval(timer);
    expect(err.code).to.equal("ETIMEDOUT");
    expect(elapsed).to.be.at.least(350);
    expectNoSecret(err);
  });

  it("connection refused -> ECONNREFUSED naming the host, not the path", async () => {
    const port = await refusedPort();
    const http = newClient(`http://127.0.0.1:${port}`);
    const err = await rejection(http.request({ method: "POST", path: PATH, timeoutMs: 2000 }));
    expect(err.code).to.equal("ECONNREFUSED");
    expect(err.message).to.include(`127.0.0.1:${port}`);
    expectNoSecret(err);
  });

  it("a DNS failure -> ENOTFOUND naming the host, not the path", async () => {
    const lookup = (hostname: string, _options: unknown, callback: (err: NodeJS.ErrnoException) => void): void => {
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      err.code = "ENOTFOUND";
      process.nextTick(() => callback(err));
    };
    const http = newClient("http://hooks.example.invalid", { connect: { lookup } as never });
    const err = await rejection(http.request({ method: "POST", path: PATH, timeoutMs: 2000 }));
    expect(err.code).to.equal("ENOTFOUND");
    expect(err.message).to.include("hooks.example.invalid");
    expectNoSecret(err);
  });

  it("a reset connection -> ECONNRESET", async () => {
    server = await startServer((req) => req.socket.destroy());
    const http = newClient(server.origin);
    const err = await rejection(http.request({ method: "POST", path: PATH, body: "{}", timeoutMs: 2000 }));
    expect(err.code).to.equal("ECONNRESET");
    expectNoSecret(err);
  });

  /**
   * `requests` sent at once to a server that holds every answer. Shown by events, without waiting
   * for "no more connections": once `limit` requests are held, answering the first lets exactly
   * one more in, and it comes on a socket already open. A pool without the bound would have sent
   * every request at once, each on a socket of its own.
   */
  async function heldByThePool(requests: number, limit: number, options: Parameters<typeof newClient>[1] = {}) {
    const held: http.ServerResponse[] = [];
    server = await startServer((_req, res) => held.push(res));
    const client = newClient(server.origin, options);
    const pending = Array.from({ length: requests }, () => client.request({ method: "POST", path: PATH, timeoutMs: 10_000 }).then(() => "ok", (e: TransportError) => e.code));
    await waitUntil(() => held.length >= limit);
    held[0].end("first answer");
    await waitUntil(() => held.length >= limit + 1);
    return { client, pending, seen: server.requests.length, connections: server.totalConnections() };
  }

  it("never opens more than `connections` sockets: 20 concurrent requests to a holding server -> 4 connections", async () => {
    const { client, pending, seen, connections } = await heldByThePool(20, 4);
    expect(connections).to.equal(4);
    expect(seen).to.equal(5);
    await client.destroy();
    expect(await Promise.all(pending)).to.deep.equal(["ok", ...Array(19).fill("ABORTED")]);
  });

  it("honours a smaller `connections`", async () => {
    const { client, pending, seen, connections } = await heldByThePool(6, 2, { connections: 2 });
    expect(connections).to.equal(2);
    expect(seen).to.equal(3);
    await client.destroy();
    await Promise.all(pending);
  });

  it("close() waits for the response and leaves 0 server connections", async () => {
    server = await startServer((_req, res) => setTimeout(() => res.end("done"), 50));
    const http = newClient(server.origin);
    await http.request({ method: "GET", path: "/", timeoutMs: 2000 });
    const inFlight = http.request({ method: "GET", path: "/", timeoutMs: 2000 });
    await waitUntil(() => server!.requests.length === 2);
    expect(server.openConnections()).to.be.at.least(1);
    await http.close();
    expect((await inFlight).body).to.equal("done");
    await waitUntil(() => server!.openConnections() === 0);
    const err = await rejection(http.request({ method: "GET", path: "/", timeoutMs: 2000 }));
    expect(err.code).to.equal("CLOSED");
  });

  it("destroy() aborts in-flight requests with ABORTED and leaves 0 server connections", async () => {
    server = await startServer(() => {});
    const http = newClient(server.origin);
    const pending = rejection(http.request({ method: "POST", path: PATH, timeoutMs: 10_000 }));
    await waitUntil(() => server!.requests.length === 1);
    await http.destroy();
    const err = await pending;
    expect(err.code).to.equal("ABORTED");
    expectNoSecret(err);
    await waitUntil(() => server!.openConnections() === 0);
  });

  it("the caller's signal aborts a request (ABORTED), also when already aborted", async () => {
    server = await startServer(() => {});
    const http = newClient(server.origin);
    const controller = new AbortController();
    const pending = rejection(http.request({ method: "POST", path: PATH, timeoutMs: 10_000, signal: controller.signal }));
    await waitUntil(() => server!.requests.length === 1);
    controller.abort(new Error(`stop ${TOKEN}`));
    const err = await pending;
    expect(err.code).to.equal("ABORTED");
    expectNoSecret(err);
    const before = new AbortController();
    before.abort();
    expect((await rejection(http.request({ method: "POST", path: PATH, timeoutMs: 10_000, signal: before.signal }))).code).to.equal(
      "ABORTED",
    );
  });

  it("refuses a malformed or non-http origin without showing its secret", () => {
    for (const origin of [`htp//discord.com/api/webhooks/1/${TOKEN}`, `ftp://example.com/${TOKEN}`]) {
      let caught: unknown;
      try {
        new HttpClient({ origin, scrubber });
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(FlowlogSinkError);
      expect(inspect(caught)).to.not.include(TOKEN);
    }
  });

  it("keeps only the origin of a URL given with a path", async () => {
    server = await startServer((_req, res) => res.end("ok"));
    const http = newClient(`${server.origin}/api/webhooks/1/${TOKEN}`);
    expect(http.origin).to.equal(server.origin);
    await http.request({ method: "GET", path: "/x", timeoutMs: 2000 });
    expect(server.requests[0].url).to.equal("/x");
  });

  it("composes with classifyHttp and deliverWithRetry: 503, 503, 503, 204 -> delivered in 4 requests", async () => {
    let n = 0;
    server = await startServer((_req, res) => {
      n++;
      res.writeHead(n <= 3 ? 503 : 204);
      res.end();
    });
    const http = newClient(server.origin);
    const attempt = async (signal: AbortSignal): Promise<AttemptOutcome> => {
      try {
        const response = await http.request({ method: "POST", path: PATH, body: "{}", timeoutMs: 1000, signal });
        return classifyHttp(response, { now: Date.now(), retryAfterFromBody: discordRetryAfterMs, scrubber });
      } catch (err) {
        return classifyTransportError(err, scrubber);
      }
    };
    // random 0: every backoff is 0 ms, so the test does not sleep.
    const verdict = await deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), random: () => 0 });
    expect(verdict).to.deep.equal({ ok: true, attempts: 4 });
    expect(server.requests).to.have.length(4);
  });

  describe("TLS", () => {
    it("a self-signed certificate -> DEPTH_ZERO_SELF_SIGNED_CERT, no token in the error", async () => {
      server = await startServer((_req, res) => res.end("secret page"), { tls: true });
      const http = newClient(server.origin);
      const err = await rejection(http.request({ method: "POST", path: PATH, timeoutMs: 2000 }));
      expect(err.code).to.equal("DEPTH_ZERO_SELF_SIGNED_CERT");
      expect(server.requests).to.have.length(0);
      expectNoSecret(err);
    });

    it("the same server is trusted through connect.ca (verification stays on)", async () => {
      server = await startServer((_req, res) => res.end("hello"), { tls: true });
      const http = newClient(server.origin, { connect: { ca: TEST_CERT } });
      expect(await http.request({ method: "GET", path: "/", timeoutMs: 2000 })).to.deep.include({ status: 200, body: "hello" });
    });

    it("connect options cannot turn verification off", async () => {
      server = await startServer((_req, res) => res.end("hello"), { tls: true });
      const http = newClient(server.origin, { connect: { rejectUnauthorized: false } });
      const err = await rejection(http.request({ method: "GET", path: "/", timeoutMs: 2000 }));
      expect(err.code).to.equal("DEPTH_ZERO_SELF_SIGNED_CERT");
    });
  });
});
