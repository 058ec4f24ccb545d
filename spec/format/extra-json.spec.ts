import { expect } from "chai";
import { extraJson, shareExtraJson } from "../../src/format/extra-json.js";
import { formatCsv, formatJson, formatText } from "../../src/format/index.js";
import type { LogRecord } from "../../src/core/record.js";

describe("format/extraJson", () => {
  /** Two sinks writing extra are attached during each test (released after it). */
  let releases: Array<() => void> = [];
  beforeEach(() => (releases = [shareExtraJson(), shareExtraJson()]));
  afterEach(() => releases.forEach((release) => release()));

  const record = (extra: Record<string, unknown>): LogRecord =>
    Object.freeze({ time: 0, level: "INFO", levelno: 20, logger: "x", msg: "m", extra });

  it("serialises a record's extra once and shares the text between formats", () => {
    let reads = 0;
    const extra = {
      get counted() {
        reads++;
        return 1;
      },
    };
    const shared = record(extra);
    formatJson(shared);
    formatText(shared);
    formatCsv(shared);
    expect(reads).to.equal(1);
    expect(extraJson(shared)).to.equal('{"counted":1}');
  });

  it("keeps records apart", () => {
    expect(extraJson(record({ a: 1 }))).to.equal('{"a":1}');
    expect(extraJson(record({ a: 2 }))).to.equal('{"a":2}');
  });

  it("holds a bounded number of texts: a record far in the past is serialised again", () => {
    let reads = 0;
    const old = record({
      get counted() {
        reads++;
        return 1;
      },
    });
    extraJson(old);
    extraJson(old);
    expect(reads, "memoised while recent").to.equal(1);
    for (let i = 0; i < 10_000; i++) extraJson(record({ i }));
    extraJson(old);
    expect(reads, "forgotten after 10,000 newer records").to.equal(2);
  });

  it("with one sink writing extra, keeps nothing: each call serialises afresh", () => {
    releases.pop()?.();
    let reads = 0;
    const alone = record({
      get counted() {
        reads++;
        return 1;
      },
    });
    extraJson(alone);
    extraJson(alone);
    expect(reads).to.equal(2);
  });
});
