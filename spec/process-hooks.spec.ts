import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { makeTempDir, readLines } from "./helpers/temp-dir.js";

describe("opt-in process hooks (child processes)", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir("flowlog-hooks-")));
  afterEach(() => cleanup());
  const fixture = path.join(import.meta.dirname, "fixtures", "process-hooks.ts");
  const records = () => readLines(path.join(dir, "app.ndjson")).map((line) => JSON.parse(line));

  it("logUncaught: an uncaught exception is logged as CRITICAL with its stack and cause, and Node still exits 1", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", fixture, dir, "uncaught"], { encoding: "utf8", timeout: 60_000 });
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
    const result = spawnSync(process.execPath, ["--import", "tsx", fixture, dir, "rejection"], { encoding: "utf8", timeout: 60_000 });
    expect(result.status).to.equal(1);
    const fatal = records().at(-1);
    expect(fatal).to.deep.include({ level: "CRITICAL", msg: "unhandled promise rejection" });
    expect(fatal.exc).to.deep.include({ type: "RangeError", message: "nobody handled this" });
  });

  it("handleSignals: SIGTERM completes the logger, then the process ends by that signal", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture, dir, "sigterm"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => String(chunk).includes("ready") && resolve());
      child.once("exit", () => reject(new Error(`exited before ready: ${stderr}`)));
    });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    child.kill("SIGTERM");
    const { code, signal } = await ended;
    expect({ code, signal }).to.deep.equal({ code: null, signal: "SIGTERM" });
    expect(records()).to.have.length(100);
  });
});
