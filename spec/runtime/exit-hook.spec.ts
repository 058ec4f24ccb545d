import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { registerForExit, unregisterForExit, type ExitParticipant } from "../../src/runtime/exit-hook.js";

describe("runtime/exit-hook: one process 'exit' listener for every live logger", () => {
  it("a hundred participants add at most one 'exit' listener, and the last one out removes it", () => {
    const before = process.listenerCount("exit");
    const participants: ExitParticipant[] = Array.from({ length: 100 }, () => ({ onProcessExit: () => {} }));
    for (const participant of participants) registerForExit(participant);
    expect(process.listenerCount("exit") - before).to.be.oneOf([0, 1]);
    for (const participant of participants) unregisterForExit(participant);
    expect(process.listenerCount("exit")).to.equal(before);
    // Unregistering one that is not registered changes nothing.
    unregisterForExit({ onProcessExit: () => {} });
    expect(process.listenerCount("exit")).to.equal(before);
  });

  it("on process.exit() every registered participant runs synchronously, exiting is true, one that throws does not stop the next, the exit code is kept", () => {
    const fixture = path.join(import.meta.dirname, "..", "fixtures", "exit-participants.ts");
    const result = spawnSync(process.execPath, ["--import", "tsx", fixture], { encoding: "utf8", timeout: 60_000 });
    expect(result.status, result.stderr).to.equal(3);
    expect(result.stdout.split("\n").filter(Boolean)).to.deep.equal(["before exit exiting=false", "first exiting=true", "third exiting=true"]);
    expect(result.stderr).to.equal("");
  });
});
