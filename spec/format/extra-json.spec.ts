import { expect } from "chai";
import { ExtraJsonMemo, extraJson as extraJsonWith } from "../../src/format/extra-json.js";
import { FormatCache } from "../../src/format/format-cache.js";
import { formatCsvCached } from "../../src/format/csv.js";
import { formatJsonCached } from "../../src/format/json.js";
import { formatTextCached } from "../../src/format/text.js";
import type { LogRecord } from "../../src/core/record.js";

describe("format/extraJson", () => {
  /** One logger's memo; two sinks writing extra are attached to it during each test (released after it). */
  let memo = new ExtraJsonMemo();
  let releases: Array<() => void> = [];
  beforeEach(() => {
    memo = new ExtraJsonMemo();
    releases = [memo.share(), memo.share()];
  });
  afterEach(() => releases.forEach((release) => release()));
  /** A sink's formatting cache on that memo, fresh for each call as a new sink's would be. */
  const sinkCache = (): FormatCache => new FormatCache(memo);
  const extraJson = (record: LogRecord): string => extraJsonWith(record, memo);
  const formatJson = (record: LogRecord): string => formatJsonCached(record, sinkCache());
  const formatText = (record: LogRecord): string => formatTextCached(record, sinkCache());
  const formatCsv = (record: LogRecord): string => formatCsvCached(record, sinkCache());

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

  it("is one logger's: sharing on another logger's memo keeps nothing here", () => {
    const other = new ExtraJsonMemo();
    const alone = other.share();
    let reads = 0;
    const record = (): LogRecord =>
      Object.freeze({ time: 0, level: "INFO", levelno: 20, logger: "x", msg: "m", extra: { get counted() { return ++reads; } } });
    const mine = record();
    expect(extraJsonWith(mine, other)).to.equal('{"counted":1}');
    expect(extraJsonWith(mine, other), "one sink on this memo: serialised afresh").to.equal('{"counted":2}');
    alone();
  });

  it("without a memo, serialises every time", () => {
    let reads = 0;
    const counted = record({ get counted() { return ++reads; } });
    expect(extraJsonWith(counted, undefined)).to.equal('{"counted":1}');
    expect(extraJsonWith(counted, undefined)).to.equal('{"counted":2}');
  });
});
