import { expect } from "chai";
import dns from "node:dns";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { inspect } from "node:util";
import sinon from "sinon";
import type { Sink } from "../../src/index.js";
import { DiscordSink } from "../../src/sinks/discord.js";
import { TelegramSink } from "../../src/sinks/telegram.js";
import { alertLogger, FAST } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { TEST_CERT, TEST_KEY } from "../helpers/test-cert.js";
import { waitUntil } from "../helpers/wait-until.js";

/**
 * Reliability catalogue F7 (TLS error) and F8 (DNS failure), end to end: a real Logger with a
 * file sink, the dead letter, and a Discord or Telegram sink whose service cannot be reached.
 * The HTTP-client level of the same faults is in spec/io/http-client.spec.ts.
 */

const MAX_RETRIES = 2;
const RECORDS = 5;
/** complete()'s deadline here: the failures must be settled well before it. */
const COMPLETE_TIMEOUT_MS = 10_000;

const HOOK_ID = "112233445566778899";
const DISCORD_TOKEN = "F7f8DiScOrDwEbHoOkToKeN_0123456789-abcdefghijklmnopqrstuvwxyzABCDEF";
const BOT_TOKEN = "7654321098:AAF7f8TeLeGrAmBoTtOkEn_0123456789abcdefg";
const CHAT_ID = "-1001234567890";

/**
 * One batch of RECORDS short records is one message for both sinks (Discord packs up to 10
 * embeds a message; Telegram packs records up to 4096 characters), so a whole run is at most
 * 1 + MAX_RETRIES attempts.
 */
const OPTIONS = { ...FAST, batchMs: 60_000, maxRetries: MAX_RETRIES } as const;

interface RemoteCase {
  readonly name: "discord" | "telegram";
  readonly secret: string;
  /** Parts of the request path that must not appear in an error message. */
  readonly pathParts: readonly string[];
  /** The sink, sending to `origin` (scheme, host, port). */
  readonly make: (origin: string) => Sink;
  /** A host in `.invalid` for F8. */
  readonly invalidHost: string;
}

const CASES: readonly RemoteCase[] = [
  {
    name: "discord",
    secret: DISCORD_TOKEN,
    pathParts: ["/api/webhooks", `webhooks/${HOOK_ID}`],
    make: (origin) => new DiscordSink({ webhookUrl: `${origin}/api/webhooks/${HOOK_ID}/${DISCORD_TOKEN}`, ...OPTIONS }),
    invalidHost: "discord.invalid",
  },
  {
    name: "telegram",
    secret: BOT_TOKEN,
    pathParts: ["/bot", "sendMessage"],
    make: (origin) => new TelegramSink({ botToken: BOT_TOKEN, chatId: CHAT_ID, apiBase: origin, ...OPTIONS }),
    invalidHost: "api.telegram.invalid",
  },
];

interface SelfSignedServer {
  readonly origin: string;
  /** Requests that reached the HTTP handler: only possible after a completed, accepted TLS handshake. */
  readonly requests: () => number;
  /** TCP connections accepted: each one is a TLS handshake attempt. */
  readonly connections: () => number;
  readonly openConnections: () => number;
  readonly close: () => Promise<void>;
}

/** An HTTPS server on 127.0.0.1 with the self-signed test certificate; answers 200 to anything that gets through. */
async function startSelfSignedServer(): Promise<SelfSignedServer> {
  let requests = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = https.createServer({ key: TEST_KEY, cert: TEST_CERT }, (req, res) => {
    requests++;
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true,"result":{}}');
  });
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // The client aborting the handshake is the expected outcome, not a server failure.
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    requests: () => requests,
    connections: () => connections,
    openConnections: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `text` is everything a user could see from the logger (files, warnings, report, inspect). */
function expectNoSecret(text: string, secret: string): void {
  expect(text.length, "the searched text is not empty").to.be.greaterThan(0);
  // Not `include`: a failing assertion would print the whole text, secret and all, into the test output.
  expect(text.includes(secret), "the token appears in what flowlog wrote or said").to.equal(false);
}

describe("faults: TLS and DNS (F7, F8)", () => {
  let server: SelfSignedServer | undefined;
  let lookups: sinon.SinonSpy | undefined;
  afterEach(async () => {
    lookups?.restore();
    lookups = undefined;
    await server?.close();
    server = undefined;
  });
  const dir = useTempDir("flowlog-faults-network-");

  for (const remote of CASES) {
    it(`F7 ${remote.name}: a self-signed certificate fails as DEPTH_ZERO_SELF_SIGNED_CERT, no request gets through, at most 1+maxRetries handshakes, all dead-lettered, no token anywhere`, async () => {
      server = await startSelfSignedServer();
      const remoteSink = remote.make(server.origin);
      const { log, warnings, deadLetters, fileLines, everything } = alertLogger(dir(), [remoteSink]);
      for (let i = 0; i < RECORDS; i++) log.error(`tls outage ${i}`);
      const report = await log.complete({ timeoutMs: COMPLETE_TIMEOUT_MS });

      expectReportAddsUp(report);
      const sink = report.sinks[remote.name];
      expect(sink).to.include({ accepted: RECORDS, delivered: 0, failed: RECORDS, deadLettered: RECORDS });
      expect(sink.lastError).to.be.a("string").and.include("DEPTH_ZERO_SELF_SIGNED_CERT");
      // Verification stayed on: no request reached the handler, so nothing fell back to unverified TLS
      // (the control test below shows a client that skips verification is counted here).
      expect(server.requests(), "requests that reached the HTTPS handler").to.equal(0);
      // Every attempt is one TLS handshake on a new connection; the error is retried, within the bound.
      expect(server.connections(), "TLS handshake attempts").to.be.within(1, 1 + MAX_RETRIES);

      const dead = deadLetters();
      expect(dead.map((line) => [line.msg, line.dead_letter.sink])).to.deep.equal(
        Array.from({ length: RECORDS }, (_, i) => [`tls outage ${i}`, remote.name]),
      );
      for (const line of dead) expect(line.dead_letter.reason).to.include("DEPTH_ZERO_SELF_SIGNED_CERT");
      expect(fileLines()).to.have.length(RECORDS);
      expect(warnings.some((warning) => warning.includes("DEPTH_ZERO_SELF_SIGNED_CERT")), "a warning names the TLS error").to.equal(true);

      expectNoSecret(everything([report, inspect(log, { depth: 10 }), inspect(remoteSink, { depth: 10 }), sink.lastError ?? ""]), remote.secret);
      // complete() released the sink's sockets; the server sees them closed.
      await waitUntil(() => server!.openConnections() === 0);
    });
  }

  it("F7 control: a client that skipped verification would reach the handler, so the 0 above is meaningful", async () => {
    server = await startSelfSignedServer();
    // What a silent `rejectUnauthorized: false` fallback would do; agent: false keeps no socket open.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = https.request(`${server!.origin}/api/webhooks/${HOOK_ID}/x`, { method: "POST", rejectUnauthorized: false, agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      });
      req.on("error", reject);
      req.end("{}");
    });
    expect(status).to.equal(200);
    expect(server.requests()).to.equal(1);
    expect(server.connections()).to.equal(1);
    await waitUntil(() => server!.openConnections() === 0);
  });

  for (const remote of CASES) {
    it(`F8 ${remote.name}: an unresolvable .invalid host is retried like a refused connection, then dead-lettered; the error names the host, not the path or token`, async () => {
      // Count the resolutions (one per connection attempt) without changing them: the real resolver answers.
      lookups = sinon.spy(dns, "lookup");
      const remoteSink = remote.make(`https://${remote.invalidHost}`);
      const { log, warnings, deadLetters, fileLines, everything } = alertLogger(dir(), [remoteSink]);
      for (let i = 0; i < RECORDS; i++) log.error(`dns outage ${i}`);
      const started = performance.now();
      const report = await log.complete({ timeoutMs: COMPLETE_TIMEOUT_MS });
      const elapsed = performance.now() - started;

      expect(elapsed, `complete() took ${elapsed.toFixed(0)} ms`).to.be.below(COMPLETE_TIMEOUT_MS);
      expectReportAddsUp(report);
      const sink = report.sinks[remote.name];
      expect(sink).to.include({ accepted: RECORDS, delivered: 0, failed: RECORDS, deadLettered: RECORDS });
      const lastError = sink.lastError ?? "";
      expect(lastError).to.match(/ENOTFOUND|EAI_AGAIN/);
      expect(lastError).to.include(remote.invalidHost);
      expect(lastError).to.not.include("deadline");
      // Treated like a refused connection: retried up to maxRetries, not given up on at once.
      const resolutions = lookups.getCalls().filter((call) => call.args[0] === remote.invalidHost).length;
      expect(resolutions, "connection attempts (DNS resolutions)").to.equal(1 + MAX_RETRIES);

      const dead = deadLetters();
      expect(dead.map((line) => [line.msg, line.dead_letter.sink])).to.deep.equal(
        Array.from({ length: RECORDS }, (_, i) => [`dns outage ${i}`, remote.name]),
      );
      expect(fileLines()).to.have.length(RECORDS);
      // The error as people see it (report, dead letter, warning) names the host, never the path or token.
      const shown = [lastError, ...dead.map((line) => String(line.dead_letter.reason)), ...warnings];
      for (const text of shown) {
        for (const part of remote.pathParts) expect(text, "an error message shows the request path").to.not.include(part);
      }
      expect(warnings.some((warning) => warning.includes(remote.invalidHost)), "a warning names the host").to.equal(true);
      expectNoSecret(everything([report, inspect(log, { depth: 10 }), inspect(remoteSink, { depth: 10 }), lastError]), remote.secret);
    });
  }
});
