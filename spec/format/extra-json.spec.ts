import { expect } from "chai";
import { ExtraJsonMemo, extraJson as extraJsonWith } from "../../src/format/extra-json.js";
import { FormatCache } from "../../src/format/format-cache.js";
import { formatCsvCached } from "../../src/format/csv.js";
import { formatJsonCached } from "../../src/format/json.js";
import { formatTextCached } from "../../src/format/text.js";
import type { LogRecord } from "../../src/core/record.js";
import { safeStringify } from "../../src/serialize/index.js";

describe("format/extraJson", () => {
  /** One logger's memo; two sinks writing extra are attached to it during each test (released after it). */
  let memo = new ExtraJsonMemo();
  let releases: Array<() => void> = [];
  beforeEach(() => {
    memo = new ExtraJsonMemo();
    releases = [memo.share(), memo.share()];
  });
  afterEach(() => releases.forEach((release) => release()));
  /** A new sink's formatting cache on that memo. */
  const sinkCache = (): FormatCache => new FormatCache(memo);
  const extraJson = (record: LogRecord): string => extraJsonWith(record, sinkCache());
  // Each a new sink's cache, as a sink makes one when it connects.
  const formatJson = (record: LogRecord): string => formatJsonCached(record, sinkCache());
  const formatText = (record: LogRecord): string => formatTextCached(record, sinkCache());
  const formatCsv = (record: LogRecord): string => formatCsvCached(record, sinkCache());

  const record = (extra: Record<string, unknown>): LogRecord =>
    Object.freeze({ time: 0, level: "INFO", levelno: 20, logger: "x", msg: "m", extra });

  it("serialises a record's extra once and shares the text between formats", () => {
    releases.push(memo.share());
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

  /** A record whose extra counts how often it is read (serialised). */
  const counted = (): { record: LogRecord; reads: () => number } => {
    let reads = 0;
    const record = Object.freeze({
      time: 0, level: "INFO", levelno: 20, logger: "x", msg: "m",
      extra: { get counted() { return ++reads; } },
    }) as LogRecord;
    return { record, reads: () => reads };
  };

  it("three sinks writing the same burst a batch each in turn serialise each record's extra once", () => {
    releases.push(memo.share());
    const sinks = [sinkCache(), sinkCache(), sinkCache()];
    const burst = Array.from({ length: 3 * 2048 + 5 }, counted);
    for (let batch = 0; batch < burst.length; batch += 2048) {
      for (const sink of sinks) {
        for (const { record } of burst.slice(batch, batch + 2048)) extraJsonWith(record, sink);
      }
    }
    expect(burst.filter(({ reads }) => reads() !== 1), "records serialised more than once").to.have.length(0);
    expect(extraJsonWith(burst[7].record, sinkCache())).to.match(/^\{"counted":\d\}$/);
  });

  it("a sink given fewer records (a higher level) writes each record's own extra: shared near its place, made again past it", () => {
    const [all, some] = [sinkCache(), sinkCache()];
    const burst = Array.from({ length: 500 }, counted);
    for (const { record } of burst) extraJsonWith(record, all);
    // Every third record, then none for 200 (more than it looks ahead), then all of them.
    const near = burst.filter((_, i) => i < 200 && i % 3 === 0);
    const past = burst.slice(400);
    for (const { record, reads } of [...near, ...past]) expect(extraJsonWith(record, some)).to.equal(`{"counted":${reads()}}`);
    expect(near.filter(({ reads }) => reads() !== 1), "serialised again near its place").to.have.length(0);
    expect(past.filter(({ reads }) => reads() !== 2), "shared past its place").to.have.length(0);
  });

  it("holds a bounded number of texts: a record far in the past is serialised again", () => {
    const [first, second] = [sinkCache(), sinkCache()];
    const recent = counted();
    extraJsonWith(recent.record, first);
    extraJsonWith(recent.record, second);
    expect(recent.reads(), "shared while recent").to.equal(1);
    const old = counted();
    extraJsonWith(old.record, first);
    for (let i = 0; i < 10_000; i++) extraJsonWith(record({ i }), first);
    extraJsonWith(old.record, second);
    expect(old.reads(), "forgotten after 10,000 newer records").to.equal(2);
  });

  it("lets a text go once every other sink has read it: a record read again is serialised again", () => {
    const [first, second] = [sinkCache(), sinkCache()];
    const { record: once, reads } = counted();
    extraJsonWith(once, first);
    extraJsonWith(once, second);
    expect(reads()).to.equal(1);
    extraJsonWith(once, sinkCache());
    expect(reads(), "kept for no one").to.equal(2);
  });

  it("writes the same text as safeStringify for an extra of any size, multi-byte text and limits included", () => {
    const [first, second] = [sinkCache(), sinkCache()];
    const extras: Array<Record<string, unknown>> = [
      { emoji: "\ud83d\ude00 漢", lone: "\ud800", bidi: "\u202e", n: -0, big: 1e21, nested: { list: [1, "two", null] } },
      // Larger than the buffer texts are made in (64 KB): made as a string instead.
      { big: "é".repeat(70_000), more: "x".repeat(10) },
      { cut: "y".repeat(1_000_010) },
    ];
    for (const extra of extras) {
      const shared = record(extra);
      const expected = safeStringify(extra);
      expect([extraJsonWith(shared, first), extraJsonWith(shared, second), extraJsonWith(shared, undefined)]).to.deep.equal([expected, expected, expected]);
    }
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
    expect(extraJsonWith(mine, new FormatCache(other))).to.equal('{"counted":1}');
    expect(extraJsonWith(mine, new FormatCache(other)), "one sink on this memo: serialised afresh").to.equal('{"counted":2}');
    alone();
  });

  it("without a memo, serialises every time", () => {
    let reads = 0;
    const counted = record({ get counted() { return ++reads; } });
    expect(extraJsonWith(counted, undefined)).to.equal('{"counted":1}');
    expect(extraJsonWith(counted, undefined)).to.equal('{"counted":2}');
  });
});
