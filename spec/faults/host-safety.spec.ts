import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { config, tap } from "rxjs";
import { FunctionSink, TerminalSink, type LogRecord } from "../../src/index.js";
import { TERMINAL_MAX_CHARS } from "../../src/format/terminal.js";
import { DiscordSink } from "../../src/sinks/discord.js";
import { TelegramSink } from "../../src/sinks/telegram.js";
import { alertLogger, FAST } from "../helpers/alert-logger.js";
import { CaptureStream } from "../helpers/capture-stream.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { DEFAULT_CHAT_ID, FakeDiscord, FakeTelegram } from "../helpers/servers/index.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

/**
 * Reliability catalogue X5 (flowlog leaves the host's RxJS configuration alone) and M4 (a 10 MB
 * message through every kind of sink).
 */

/** Every own property of rxjs `config`, as it stands now. */
function snapshotRxjsConfig(): Record<string, unknown> {
  return Object.fromEntries(Object.keys(config).map((key) => [key, (config as unknown as Record<string, unknown>)[key]]));
}

/**
 * Lets an RxJS unhandled-error report fire if one was queued: RxJS reports through
 * `setTimeout(fn)` (1 ms in Node), and timers of the same duration fire in the order they were
 * set, so one queued before this resolves has run by then.
 */
const afterQueuedReports = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** A user pipeline that throws on every record from inside `tap`. */
const throwingSink = (name: string) =>
  new FunctionSink(
    (records$) =>
      records$.pipe(
        tap((_record: LogRecord) => {
          throw new Error("x");
        }),
      ),
    { name },
  );

describe("faults: the host application's runtime (X5) and huge records (M4)", () => {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => {
    uncaught.push(error);
  };
  let discord: FakeDiscord | undefined;
  let telegram: FakeTelegram | undefined;
  let savedOnUnhandledError: typeof config.onUnhandledError;

  afterEach(async () => {
    process.off("uncaughtException", onUncaught);
    config.onUnhandledError = savedOnUnhandledError;
    await Promise.all([discord?.close(), telegram?.close()]);
    discord = undefined;
    telegram = undefined;
  });
  const dir = useTempDir("flowlog-faults-host-");
  beforeEach(() => {
    uncaught.length = 0;
    savedOnUnhandledError = config.onUnhandledError;
    process.on("uncaughtException", onUncaught);
  });

  it("X5: a sink that throws inside tap changes nothing in rxjs.config and raises no uncaughtException", async () => {
    const onUnhandledError = config.onUnhandledError;
    const syncErrors = config.useDeprecatedSynchronousErrorHandling;
    const everything = snapshotRxjsConfig();

    const { log, fileLines } = alertLogger(dir(), []);
    log.addSink(throwingSink("throws"));
    for (let i = 0; i < 20; i++) log.error(`record ${i}`);
    const report = await log.complete();
    await afterQueuedReports();

    expect(config.onUnhandledError === onUnhandledError, "rxjs.config.onUnhandledError unchanged").to.equal(true);
    expect(config.useDeprecatedSynchronousErrorHandling === syncErrors, "rxjs.config.useDeprecatedSynchronousErrorHandling unchanged").to.equal(true);
    const now = snapshotRxjsConfig();
    expect(Object.keys(now)).to.deep.equal(Object.keys(everything));
    for (const key of Object.keys(everything)) expect(now[key] === everything[key], `rxjs.config.${key} unchanged`).to.equal(true);
    expect(uncaught.map(String), "uncaught exceptions").to.deep.equal([]);

    expectReportAddsUp(report);
    expect(report.sinks.throws).to.include({ accepted: 20, delivered: 0 });
    expect(report.sinks.throws.failed).to.be.greaterThan(0);
    expect(report.sinks.throws.lastError).to.be.a("string").and.include("x");
    expect(report.sinks.file_json).to.include({ accepted: 20, delivered: 20, failed: 0 });
    expect(fileLines()).to.have.length(20);
  });

  it("X5: a host's own rxjs onUnhandledError stays installed and is never called for a sink's error (flowlog does not rely on it)", async () => {
    const hostReports: unknown[] = [];
    const hostHandler = (error: unknown): void => {
      hostReports.push(error);
    };
    config.onUnhandledError = hostHandler;

    const { log, fileLines } = alertLogger(dir(), []);
    log.addSink(throwingSink("throws"));
    for (let i = 0; i < 20; i++) log.error(`record ${i}`);
    const report = await log.complete();
    await afterQueuedReports();

    expect(config.onUnhandledError === hostHandler, "the host's handler is still the one installed").to.equal(true);
    expect(hostReports.map(String), "errors that reached RxJS's unhandled-error report").to.deep.equal([]);
    expect(uncaught.map(String), "uncaught exceptions").to.deep.equal([]);
    expectReportAddsUp(report);
    expect(report.sinks.throws.failed).to.be.greaterThan(0);
    expect(fileLines()).to.have.length(20);
  });

  it("M4: a 10,000,000-character message: intact in NDJSON and text files, truncated on the terminal, within Discord's and Telegram's limits, RSS bounded", async () => {
    const LENGTH = 10_000_000;
    [discord, telegram] = await Promise.all([FakeDiscord.start(), FakeTelegram.start()]);
    // undici is loaded by the first remote request (about 20 MB of RSS, once per process): load
    // it before the baseline so the growth measured is the message's, not the HTTP client's.
    await import("undici");

    const out = new CaptureStream();
    const err = new CaptureStream();
    const { log, deadLetters } = alertLogger(
      dir(),
      [
        new TerminalSink({ streams: { stdout: out, stderr: err }, colors: false }),
        new DiscordSink({ webhookUrl: discord.webhookUrl(), ...FAST }),
        new TelegramSink({ botToken: telegram.token, chatId: DEFAULT_CHAT_ID, apiBase: telegram.apiBase, ...FAST }),
      ],
      { file_text: { enabled: true, path: "all.log" } },
    );

    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const rssBefore = process.memoryUsage().rss;
    const callStarted = performance.now();
    log.error("x".repeat(LENGTH));
    const callMs = performance.now() - callStarted;
    const completeStarted = performance.now();
    const report = await log.complete();
    const completeMs = performance.now() - completeStarted;
    gc?.();
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

    expectReportAddsUp(report);
    for (const name of ["file_json", "file_text", "terminal", "discord", "telegram"]) {
      expect(report.sinks[name], name).to.include({ accepted: 1, delivered: 1, failed: 0, dropped: 0 });
    }
    expect(deadLetters()).to.deep.equal([]);

    // NDJSON: one line that parses, with the whole message.
    const json = readLines(path.join(dir(), "all.ndjson"));
    expect(json).to.have.length(1);
    const parsed = JSON.parse(json[0]) as { msg: string };
    expect(parsed.msg.length).to.equal(LENGTH);
    expect(/^x+$/.test(parsed.msg), "the message is intact").to.equal(true);

    // Text file: the line holds the whole message.
    const text = fs.readFileSync(path.join(dir(), "all.log"), "utf8");
    const line = text.split("\n").find((candidate) => candidate.includes("xxxxxxxxxx"));
    expect(line, "the text line").to.be.a("string");
    expect(line!.length).to.be.at.least(LENGTH);
    expect(line!.includes("x".repeat(LENGTH)), "the whole message is on the line").to.equal(true);

    // Terminal: cut to TERMINAL_MAX_CHARS with truncate()'s marker naming what was left out.
    const terminal = out.text + err.text;
    const marker = `…[+${LENGTH - TERMINAL_MAX_CHARS} chars]`;
    expect(terminal.includes(marker), `the terminal shows ${marker}`).to.equal(true);
    expect((terminal.match(/x/g) ?? []).length).to.equal(TERMINAL_MAX_CHARS);
    // The line around the message: time, level, logger name and newline stay well under 200.
    expect(terminal.length).to.be.at.most(TERMINAL_MAX_CHARS + marker.length + 200);

    // Discord: accepted by the emulator, which enforces every limit of the contract.
    expect(discord.requests.map((request) => request.status)).to.deep.equal([204]);
    expect(discord.messages).to.have.length(1);
    for (const message of discord.messages) {
      expect(message.content === undefined || message.content.length <= 2000, "content <= 2000").to.equal(true);
      const embeds = message.embeds ?? [];
      expect(embeds.length).to.be.within(1, 10);
      let total = 0;
      for (const embed of embeds) {
        expect((embed.title ?? "").length, "title <= 256").to.be.at.most(256);
        expect((embed.description ?? "").length, "description <= 4096").to.be.at.most(4096);
        expect((embed.footer?.text ?? "").length, "footer <= 2048").to.be.at.most(2048);
        total += (embed.title ?? "").length + (embed.description ?? "").length + (embed.footer?.text ?? "").length;
        for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
      }
      expect(total, "embed text across the message <= 6000").to.be.at.most(6000);
    }

    // Telegram: every message accepted and at most 4096 visible characters.
    expect(telegram.messages.length).to.be.at.least(1);
    expect(telegram.requests.map((request) => request.status).every((status) => status === 200)).to.equal(true);
    for (const message of telegram.messages) expect(message.text.length, "Telegram visible text").to.be.at.most(4096);

    // The catalogue's bound is 60 MB, measured after gc() in a fresh `node --expose-gc` process.
    // Here mocha runs without --expose-gc (no gc() before either reading) in a process that has
    // already run other tests, so garbage of the message's copies (the string, its JSON, the file
    // buffers) may still be counted: this is a loose guard against holding many copies, not the
    // catalogue's measurement.
    expect(rssGrowthMb, `RSS grew ${rssGrowthMb.toFixed(1)} MB`).to.be.below(150);
    console.log(
      `      M4 measured: log.error() ${callMs.toFixed(1)} ms, complete() ${completeMs.toFixed(0)} ms, RSS growth ${rssGrowthMb.toFixed(1)} MB` +
        ` (gc ${gc ? "available" : "not available"}), ${telegram.messages.length} Telegram messages`,
    );
  });
});
