import { expect } from "chai";
import { telegramRetryAfterMs } from "../../src/io/classify.js";
import { SecretScrubber } from "../../src/io/scrub.js";
import { httpTransport } from "../../src/sinks/http-transport.js";
import { ScriptedHttp } from "../helpers/servers/index.js";
import { waitUntil } from "../helpers/wait-until.js";

const TOKEN = "bot-transport-token-0123456789";

describe("sinks/http-transport: the transport the HTTP sinks share, against a real loopback server", () => {
  let server: ScriptedHttp;
  afterEach(async () => server?.close());

  const transportTo = (url: string) =>
    httpTransport<{ text: string }>({
      origin: url,
      path: `/bot${TOKEN}/sendMessage`,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-sink": "spec" },
      encode: (body) => new URLSearchParams({ text: body.text }).toString(),
      timeoutMs: 5000,
      scrubber: new SecretScrubber([TOKEN]),
      retryAfterFromBody: telegramRetryAfterMs,
    });

  it("POSTs each message, encoded, with the sink's headers, to the sink's path; one pooled connection", async () => {
    server = await ScriptedHttp.start();
    const transport = transportTo(server.url);
    const signal = new AbortController().signal;
    expect(await transport.send({ text: "first" }, signal)).to.deep.equal({ kind: "ok" });
    expect(await transport.send({ text: "second & third" }, signal)).to.deep.equal({ kind: "ok" });
    expect(server.requests.map((request) => [request.method, request.path, request.body, request.headers["x-sink"]])).to.deep.equal([
      ["POST", `/bot${TOKEN}/sendMessage`, "text=first", "spec"],
      ["POST", `/bot${TOKEN}/sendMessage`, "text=second+%26+third", "spec"],
    ]);
    expect(await server.getConnections()).to.equal(1);
    await transport.close();
    await waitUntil(async () => (await server.getConnections()) === 0);
  });

  it("classifies the service's answers: its 429 body hint, and errors without the token", async () => {
    server = await ScriptedHttp.start();
    server.script({ status: 429, body: { ok: false, parameters: { retry_after: 3 } } }, { status: 401, body: `bad token ${TOKEN}` });
    const transport = transportTo(server.url);
    const signal = new AbortController().signal;
    try {
      expect(await transport.send({ text: "a" }, signal)).to.deep.include({ kind: "retry", rateLimited: true, retryAfterMs: 3000 });
      const rejected = await transport.send({ text: "b" }, signal);
      expect(rejected).to.deep.include({ kind: "permanent", disableSink: true });
      expect(JSON.stringify(rejected)).to.not.include(TOKEN);
    } finally {
      await transport.close();
    }
  });

  it("an aborted send ends as an outcome, not a throw, and the server sees the connection go", async () => {
    server = await ScriptedHttp.start();
    server.script({ hang: true });
    const transport = transportTo(server.url);
    const abort = new AbortController();
    try {
      const sending = transport.send({ text: "never answered" }, abort.signal);
      await server.waitForRequests(1);
      abort.abort();
      const outcome = await sending;
      expect(outcome).to.deep.include({ kind: "retry" });
      expect(outcome.kind === "retry" && outcome.error).to.include("aborted by the caller").and.not.include(TOKEN);
      await waitUntil(() => server.requests[0].closedAt !== undefined);
    } finally {
      await transport.close();
    }
  });
});
