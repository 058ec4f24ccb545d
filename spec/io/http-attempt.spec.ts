import { expect } from "chai";
import { discordRetryAfterMs } from "../../src/io/classify.js";
import { httpAttempt, splitBase } from "../../src/io/http-attempt.js";
import { HttpClient } from "../../src/io/http-client.js";
import { SecretScrubber } from "../../src/io/scrub.js";
import { refusedPort } from "../helpers/refused-port.js";
import { ScriptedHttp } from "../helpers/servers/index.js";

const TOKEN = "attempt-secret-token-0123456789";

describe("io/http-attempt: one HTTP attempt as an outcome, against a real loopback server", () => {
  const scrubber = new SecretScrubber([TOKEN]);
  let server: ScriptedHttp;
  let client: HttpClient;
  beforeEach(async () => {
    server = await ScriptedHttp.start();
    client = new HttpClient({ origin: server.url, scrubber });
  });
  afterEach(async () => {
    await client.destroy();
    await server.close();
  });
  const post = (classify = {}, inspect?: Parameters<typeof httpAttempt>[4]) =>
    httpAttempt(client, { method: "POST", path: `/hook/${TOKEN}`, headers: { "content-type": "application/json" }, body: "{}", timeoutMs: 5000 }, scrubber, classify, inspect);

  it("a 2xx answer is ok", async () => {
    server.script({ status: 204 });
    expect(await post()).to.deep.equal({ kind: "ok" });
  });

  it("a 429 is a rate-limited retry carrying the service's own body hint when it reads one", async () => {
    server.script({ status: 429, body: { retry_after: 1.5, global: false } });
    const outcome = await post({ retryAfterFromBody: discordRetryAfterMs });
    expect(outcome).to.deep.include({ kind: "retry", rateLimited: true, retryAfterMs: 1500 });
  });

  it("a 5xx is a retry; a 404 stops the sink, and the token the server echoes never shows in the error", async () => {
    server.script({ status: 503, body: "busy" }, { status: 404, body: `no webhook /hook/${TOKEN}` });
    expect(await post()).to.deep.include({ kind: "retry" });
    const gone = await post();
    expect(gone).to.deep.include({ kind: "permanent", disableSink: true });
    expect(JSON.stringify(gone)).to.not.include(TOKEN);
  });

  it("inspect reads the response before the generic rules (its answer wins; undefined falls through)", async () => {
    server.script({ status: 400, body: { migrate_to_chat_id: 42 } }, { status: 400, body: "plain bad request" });
    const migrated = await post({}, (response) => (response.body.includes("migrate_to_chat_id") ? { kind: "retry", error: "chat moved" } : undefined));
    expect(migrated).to.deep.equal({ kind: "retry", error: "chat moved" });
    expect(await post({}, () => undefined)).to.deep.include({ kind: "permanent" });
  });

  it("a transport error (nothing listens) is a retry, never a throw, and its text has no token", async () => {
    const refused = new HttpClient({ origin: `http://127.0.0.1:${await refusedPort()}`, scrubber });
    try {
      const outcome = await httpAttempt(refused, { method: "POST", path: `/hook/${TOKEN}`, headers: {}, body: "{}", timeoutMs: 5000 }, scrubber);
      expect(outcome).to.deep.include({ kind: "retry" });
      expect(JSON.stringify(outcome)).to.include("ECONNREFUSED").and.not.include(TOKEN);
    } finally {
      await refused.destroy();
    }
  });
});

describe("io/http-attempt splitBase", () => {
  it("splits a base URL into its origin and its path prefix without trailing slashes", () => {
    expect(splitBase("https://api.telegram.org")).to.deep.equal({ origin: "https://api.telegram.org", prefix: "" });
    expect(splitBase("http://127.0.0.1:8080/proxy/twilio//")).to.deep.equal({ origin: "http://127.0.0.1:8080", prefix: "/proxy/twilio" });
  });
});
