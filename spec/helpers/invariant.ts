import { expect } from "chai";
import type { DeliveryReport } from "../../src/index.js";

/**
 * The accounting invariant every test asserts for every sink once complete() has resolved:
 * each accepted record is exactly one of delivered, dropped or failed, and dropped is the sum
 * of its reasons.
 */
export function expectReportAddsUp(report: DeliveryReport): void {
  for (const [name, sink] of Object.entries(report.sinks)) {
    const reasons = Object.values(sink.droppedBy).reduce((sum, count) => sum + count, 0);
    expect(sink.dropped, `${name}: dropped is the sum of droppedBy`).to.equal(reasons);
    expect(sink.accepted, `${name}: accepted === delivered + dropped + failed`).to.equal(
      sink.delivered + sink.dropped + sink.failed,
    );
    expect(sink.deadLettered, `${name}: deadLettered <= failed`).to.be.at.most(sink.failed);
  }
}
