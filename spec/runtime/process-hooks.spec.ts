import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { FakeDiscord } from "../helpers/servers/index.js";
import { useServer } from "../helpers/per-test.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";
import { signalWhenReady } from "../helpers/signal-child.js";

describe("opt-in process hooks (child processes)", () => {
  const dir = useTempDir("flowlog-hooks-");
  const fixture = path.join(import.meta.dirname, "..", "fixtures", "process-hooks.ts");
  const records = () => readLines(path.join(dir(), "app.ndjson")).map((line) => JSON.parse(line));

  it("logUncaught: an uncaught exception is logged as CRITICAL with its stack and cause, and Node still exits 1", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", fixture, dir(), "uncaught"], { encoding: "utf8", timeout: 60_000 });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.include("fixture crash");
    const written = records();
    expect(written).to.have.length(101);
    const fatal = written[100];
    expect(fatal).to.deep.include({ level: "CRITICAL", msg: "uncaught exception" });
    expect(fatal.exc).to.deep.include({ type: "TypeError", message: "fixture crash" });
    expect(fatal.exc.stack).to.match(/TypeError: fixture crash\n\s+at /);
    expect(fatal.exc.cause).to.deep.include({ type: "Error", message: "root cause" });
  });

  it("logUncaught: an unhandled rejection is logged too", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", fixture, dir(), "rejection"], { encoding: "utf8", timeout: 60_000 });
    expect(result.status).to.equal(1);
    const fatal = records().at(-1);
    expect(fatal).to.deep.include({ level: "CRITICAL", msg: "unhandled promise rejection" });
    expect(fatal.exc).to.deep.include({ type: "RangeError", message: "nobody handled this" });
  });

  /** Starts the sigterm fixture, waits for "ready", sends `signal`, resolves with how it ended. */
  const signalled = (signal: NodeJS.Signals) => signalWhenReady(fixture, [dir(), "sigterm"], signal);

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`handleSignals: ${signal} completes the logger, then the process ends by that signal (a shell sees ${signal === "SIGTERM" ? 143 : 130})`, async () => {
      expect(await signalled(signal)).to.deep.equal({ code: null, signal });
      expect(records()).to.have.length(100);
    });
  }

  describe("a program that just ends, with an alert still batched (L8)", () => {
    const discord = useServer(() => FakeDiscord.start());

    /** Runs the fixture to its natural end; the parent's server must keep answering meanwhile. */
    function runToTheEnd(mode: string) {
      const child = spawn(process.execPath, ["--import", "tsx", fixture, dir(), mode, discord().webhookUrl()], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      return new Promise<{ code: number | null; stderr: string }>((resolve) => child.once("close", (code) => resolve({ code, stderr })));
    }
    const deadLetters = () => readLines(path.join(dir(), "dead.ndjson")).map((line) => JSON.parse(line));

    const alertTexts = () => discord().requests.map((request) => JSON.stringify(request.body));

    it("completeOnBeforeExit: alerts held in a coalescing window are sent before the process ends on its own", async () => {
      const { code, stderr } = await runToTheEnd("natural");
      expect(code, stderr).to.equal(0);
      // The first alert in its batch, then the summary of the 2 repeats that complete() flushed.
      expect(alertTexts(), "alert requests").to.have.length(2);
      expect(alertTexts()[0]).to.include("payment service down");
      expect(alertTexts()[1]).to.include("payment service down").and.to.match(/×\s*2|x\s*2|2 times|repeated/i);
      expect(deadLetters()).to.have.length(0);
      expect(records()).to.have.length(103);
    });

    it("without it, the repeats still waiting at the natural end are dead-lettered by the exit hook", async () => {
      const { code, stderr } = await runToTheEnd("natural-default");
      expect(code, stderr).to.equal(0);
      expect(alertTexts()).to.have.length(1);
      const dead = deadLetters();
      expect(dead).to.have.length(1);
      expect(JSON.stringify(dead[0])).to.include("payment service down");
      expect(records()).to.have.length(103);
    });
  });
});
