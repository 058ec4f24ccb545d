import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { safeWarning } from "../../src/runtime/safe-warning.js";

describe("runtime/safe-warning: the user's warning handler, safe to call from anywhere", () => {
  const fixture = path.join(import.meta.dirname, "..", "fixtures", "safe-warning.ts");
  const run = (how: string) => spawnSync(process.execPath, ["--import", "tsx", fixture, how], { encoding: "utf8", timeout: 60_000 });

  it("hands each warning to the user's handler as it is", () => {
    const seen: string[] = [];
    const warn = safeWarning((message) => seen.push(message));
    warn("first");
    warn("second");
    expect(seen).to.deep.equal(["first", "second"]);
  });

  it("without a handler the warning goes to stderr, prefixed with flowlog:", () => {
    const result = run("no-handler");
    expect(result.status).to.equal(0);
    expect(result.stderr).to.equal("flowlog: disk almost full\n");
    expect(result.stdout).to.equal("survived\n");
  });

  it("a handler that throws costs that warning only: it goes to stderr with what the handler threw, the caller goes on", () => {
    const result = run("throwing-handler");
    expect(result.status).to.equal(0);
    expect(result.stderr).to.match(/^flowlog: disk almost full \(the onWarning handler threw: .*handler bug.*\)\n$/);
    expect(result.stdout).to.equal("survived\n");
  });

  it("with nobody reading stderr any more (EPIPE, as under `2>&1 | head`) the warnings are dropped, never a crash", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture, "stderr-closed"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Our end of its stderr is closed before it is told to warn: its writes can only meet EPIPE.
    await new Promise((resolve) => child.stderr.once("close", resolve).destroy());
    child.stdin.write("warn now\n");
    expect(await exited).to.equal(0);
    expect(stdout).to.equal("survived\n");
  });
});
