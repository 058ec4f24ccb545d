import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { unrefScheduler } from "../../src/operators/unref-scheduler.js";

describe("unrefScheduler", () => {
  it("runs scheduled work with its state, and can reschedule from inside it", async () => {
    const seen: number[] = [];
    await new Promise<void>((resolve) => {
      unrefScheduler.schedule<number>(function (state) {
        seen.push(state ?? -1);
        if ((state ?? 0) < 3) this.schedule((state ?? 0) + 1, 1);
        else resolve();
      }, 1, 1);
    });
    expect(seen).to.deep.equal([1, 2, 3]);
  });

  it("does not run work whose subscription was closed", async () => {
    let ran = false;
    const subscription = unrefScheduler.schedule(() => (ran = true), 5);
    subscription.unsubscribe();
    // Timers fire in order: once a later one has run, the cancelled one would have run too.
    await new Promise<void>((resolve) => unrefScheduler.schedule(() => resolve(), 10));
    expect(ran).to.equal(false);
  });

  it("does not keep the process alive", () => {
    const script = `
      import("${new URL("../../src/operators/unref-scheduler.ts", import.meta.url).href}").then(({ unrefScheduler }) => {
        unrefScheduler.schedule(() => { console.log("ran"); }, 60000);
        console.log("scheduled");
      });`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout.trim()).to.equal("scheduled");
  });
});
