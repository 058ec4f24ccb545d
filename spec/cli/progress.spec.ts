import { expect } from "chai";
import { byteSize, LARGE_INPUT_BYTES, ProgressReporter, progressText, shouldShowProgress } from "../../src/cli/progress.js";
import { CaptureStream } from "../helpers/capture-stream.js";

describe("cli/progress", () => {
  it("shows by default only for a large input written somewhere other than a terminal", () => {
    expect(shouldShowProgress(undefined, false, LARGE_INPUT_BYTES)).to.equal(true);
    expect(shouldShowProgress(undefined, false, LARGE_INPUT_BYTES - 1)).to.equal(false);
    expect(shouldShowProgress(undefined, true, 10 * LARGE_INPUT_BYTES)).to.equal(false);
    expect(shouldShowProgress(true, true, 0)).to.equal(true);
    expect(shouldShowProgress(false, false, 10 * LARGE_INPUT_BYTES)).to.equal(false);
  });

  it("says how far it got in readable sizes", () => {
    expect(progressText(430_100_000, 1_000_000_000)).to.equal("flowlog pretty: 43% (430.1 MB of 1.0 GB)");
    expect(progressText(0, 0)).to.equal("flowlog pretty: 100% (0 B of 0 B)");
    expect(byteSize(999)).to.equal("999 B");
    expect(byteSize(1500)).to.equal("1.5 kB");
  });

  it("on a non-terminal stderr, writes one line per tenth and a final line", () => {
    const stderr = new CaptureStream(false);
    const progress = new ProgressReporter(1000, stderr);
    for (let i = 0; i < 100; i++) progress.advance(10);
    progress.finish();
    const lines = stderr.text.trimEnd().split("\n");
    expect(lines).to.have.length(11);
    expect(lines[0]).to.equal("flowlog pretty: 1% (10 B of 1.0 kB)");
    expect(lines[10]).to.equal("flowlog pretty: 100% (1.0 kB of 1.0 kB)");
  });

  it("on a terminal stderr, redraws one line at most every 200 ms", () => {
    const stderr = new CaptureStream(true);
    let now = 0;
    const progress = new ProgressReporter(1000, stderr, () => now);
    progress.advance(100);
    progress.advance(100);
    now = 250;
    progress.advance(100);
    expect(stderr.chunks).to.deep.equal(["\rflowlog pretty: 10% (100 B of 1.0 kB)\x1b[K", "\rflowlog pretty: 30% (300 B of 1.0 kB)\x1b[K"]);
  });
});
