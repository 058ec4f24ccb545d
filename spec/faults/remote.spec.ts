import { expect } from "chai";
import net from "node:net";
import sinon from "sinon";
import { TerminalSink } from "../../src/index.js";
import { DiscordSink } from "../../src/sinks/discord.js";
import { alertLogger, FAST } from "../helpers/alert-logger.js";
import { CaptureStream } from "../helpers/capture-stream.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { FakeDiscord } from "../helpers/servers/index.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { refusedPort } from "../helpers/refused-port.js";
import { waitUntil } from "../helpers/wait-until.js";

/**
 * Reliability catalogue F1 (endpoint down: ECONNREFUSED) and F10 (endpoint fails mid-stream and
 * comes back on the same port), end to end: a real Logger with a file sink, a terminal sink on a
 * capture stream, the dead letter, and a Discord sink.
 *
 * Connection attempts are counted with a spy on `net.connect`, which undici's connector calls
 * once per TCP connection it opens (a refused port has no server that could count them). The
 * spy only records: every call goes through to the real `net.connect`.
 */

const HOOK_ID = "112233445566778899";
const HOOK_TOKEN = "f1-refused-webhook-token_abcDEF123-xyz";

/** Embed descriptions of every accepted Discord message, in arrival order: one per record. */
function deliveredMessages(discord: FakeDiscord): string[] {
  return discord.messages.flatMap((message) => (message.embeds ?? []).map((embed) => String(embed.description)));
}

describe("faults: remote endpoints down and back (F1, F10)", () => {
  let connects: sinon.SinonSpy | undefined;
  let discord: FakeDiscord | undefined;
  const rejections: unknown[] = [];
  const onUnhandledRejection = (reason: unknown): void => {
    rejections.push(reason);
  };

  /** TCP connections opened (or tried) to 127.0.0.1:`port` so far. */
  const connectsTo = (port: number): number =>
    (connects?.getCalls() ?? []).filter((call) => {
      const options = call.args[0] as unknown;
      return typeof options === "object" && options !== null && Number((options as { port?: unknown }).port) === port;
    }).length;

  afterEach(async () => {
    connects?.restore();
    connects = undefined;
    process.off("unhandledRejection", onUnhandledRejection);
    await discord?.close();
    discord = undefined;
  });
  const dir = useTempDir("flowlog-faults-remote-");
  beforeEach(() => {
    rejections.length = 0;
    process.on("unhandledRejection", onUnhandledRejection);
    connects = sinon.spy(net, "connect");
  });

  it("F1: 100 alerts to a refused port: each message tried exactly 1+3 times, all 100 failed and dead-lettered, file and terminal 100/100, complete() within 2.5 s, no unhandled rejection", async () => {
    const RECORDS = 100;
    const MAX_RETRIES = 3;
    const port = await refusedPort();
    const remote = new DiscordSink({
      webhookUrl: `http://127.0.0.1:${port}/api/webhooks/${HOOK_ID}/${HOOK_TOKEN}`,
      ...FAST,
      maxRetries: MAX_RETRIES,
      coalesceMs: 0,
    });
    const out = new CaptureStream();
    const err = new CaptureStream();
    const terminal = new TerminalSink({ streams: { stdout: out, stderr: err }, colors: false });
    const { log, deadLetters, fileLines } = alertLogger(dir(), [remote, terminal]);

    const messages = Array.from({ length: RECORDS }, (_, i) => `refused alert ${String(i).padStart(3, "0")}`);
    for (const message of messages) log.error(message);
    const started = performance.now();
    const report = await log.complete();
    const completeMs = performance.now() - started;
    // Let any stray rejection surface: unhandledRejection fires after the microtask queue drains.
    await new Promise((resolve) => setImmediate(resolve));

    expectReportAddsUp(report);
    expect(completeMs, `complete() took ${completeMs.toFixed(0)} ms`).to.be.at.most(2500);
    expect(rejections.map(String), "unhandled rejections").to.deep.equal([]);

    expect(report.sinks.discord).to.include({ accepted: RECORDS, delivered: 0, failed: RECORDS, deadLettered: RECORDS, dropped: 0 });
    expect(report.sinks.discord.lastError).to.be.a("string").and.include("ECONNREFUSED");
    expect(report.sinks.file_json).to.include({ accepted: RECORDS, delivered: RECORDS, failed: 0, dropped: 0 });
    expect(report.sinks.terminal).to.include({ accepted: RECORDS, delivered: RECORDS, failed: 0, dropped: 0 });

    // 100 short records are one batch (maxBatch 100, logged in one tick) packed 10 embeds a
    // message: 10 messages, each tried once and retried MAX_RETRIES times, never more.
    const attempts = connectsTo(port);
    expect(attempts, "connection attempts to the refused port").to.equal(10 * (1 + MAX_RETRIES));

    const dead = deadLetters();
    expect(dead).to.have.length(RECORDS);
    expect(dead.map((line) => line.msg)).to.have.members(messages);
    for (const line of dead) expect(line.dead_letter.sink).to.equal("discord");

    expect(fileLines().map((line) => JSON.parse(line).msg)).to.deep.equal(messages);
    const terminalText = out.text + err.text;
    for (const message of messages) {
      expect(terminalText.split(message).length - 1, `terminal lines with "${message}"`).to.equal(1);
    }
    console.log(`      F1 measured: complete() ${completeMs.toFixed(0)} ms, ${attempts} connection attempts`);
  });

  it("F10: records logged during a 2 s outage are delivered after the server returns on the same port, in order, each exactly once", async () => {
    const server = await FakeDiscord.start();
    discord = server;
    const port = server.port;
    // Generous retries so a message that starts failing when the outage begins is still being
    // retried when it ends: full-jitter backoff capped at 500 ms, 30 retries (about 7 s of
    // backoff on average, and below 2.5 s with negligible probability).
    const remote = new DiscordSink({
      webhookUrl: server.webhookUrl(),
      batchMs: 20,
      coalesceMs: 0,
      maxRetries: 30,
      baseDelayMs: 50,
      maxDelayMs: 500,
      timeoutMs: 1000,
    });
    const { log, deadLetters, fileLines } = alertLogger(dir(), [remote]);
    const expected: string[] = [];
    const emit = (text: string): void => {
      expected.push(text);
      log.error(text);
    };

    // 1. Up: these are delivered and acknowledged before the outage starts, so no request is in
    //    flight when the server goes away (an unacknowledged one could legitimately repeat).
    for (let i = 0; i < 5; i++) emit(`before outage ${i}`);
    await waitUntil(() => log.report().sinks.discord.delivered === 5, 5000);
    expect(deliveredMessages(server)).to.deep.equal(expected);

    // 2. Down: the listening socket closed and every connection destroyed.
    await server.stop();
    const stoppedAt = performance.now();
    const connectsAtStop = connectsTo(port);
    // The scenario's duration, not a stand-in for a condition: the row asks for a 2 s outage,
    // during which the application keeps logging, one record every 100 ms.
    for (let i = 0; i < 20; i++) {
      emit(`during outage ${String(i).padStart(2, "0")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The sink really met the outage: several refused attempts, and nothing given up on yet.
    await waitUntil(() => connectsTo(port) - connectsAtStop >= 3, 5000);
    const duringOutage = log.report().sinks.discord;
    expect(duringOutage).to.include({ delivered: 5, failed: 0, dropped: 0 });

    // 3. Back on the same port.
    await server.restartOnSamePort();
    const restartedAt = performance.now();
    expect(server.port).to.equal(port);
    const refusedAttempts = connectsTo(port) - connectsAtStop;
    for (let i = 0; i < 5; i++) emit(`after recovery ${i}`);

    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.discord).to.include({ accepted: expected.length, delivered: expected.length, failed: 0, deadLettered: 0, dropped: 0 });
    expect(report.sinks.file_json).to.include({ accepted: expected.length, delivered: expected.length });
    expect(deadLetters()).to.deep.equal([]);
    expect(fileLines()).to.have.length(expected.length);

    // Every request that reached the server was accepted (2xx): so exactly-once is required.
    expect(server.requests.map((request) => request.status).filter((status) => status !== 204)).to.deep.equal([]);
    // In order and each exactly once across all requests.
    expect(deliveredMessages(server)).to.deep.equal(expected);
    // The outage records arrived only after the restart.
    const outageDeliveries = server.deliveries.filter((delivery) =>
      (delivery.payload.embeds ?? []).some((embed) => String(embed.description).startsWith("during outage")),
    );
    expect(outageDeliveries.length).to.be.greaterThan(0);
    for (const delivery of outageDeliveries) expect(delivery.receivedAt).to.be.at.least(restartedAt);

    console.log(
      `      F10 measured: outage ${(restartedAt - stoppedAt).toFixed(0)} ms, ${refusedAttempts} refused connection attempts during it, ` +
        `${server.requests.length} requests accepted in all`,
    );
  });
});
