import { expect } from "chai";
import { formatDeadLetter } from "../../src/format/dead-letter.js";
import type { LogRecord } from "../../src/core/record.js";

describe("format/dead-letter", () => {
  const record = (msg: string, repeated?: LogRecord["repeated"]): LogRecord =>
    Object.freeze({ time: 0, level: "ERROR", levelno: 40, logger: "app", msg, extra: { k: 1 }, ...(repeated ? { repeated } : {}) });
  const note = { sink: "discord", reason: "HTTP 404: Unknown Webhook", at: Date.UTC(2026, 0, 2, 3, 4, 5) };

  it("is the record's NDJSON line with the sink, the reason, the time given and a coalesced alert's count", () => {
    const lines = [formatDeadLetter(record("a"), note), formatDeadLetter(record("b", { count: 37, since: 0 }), note)];
    for (const line of lines) expect(line.endsWith("}\n") && line.indexOf("\n") === line.length - 1).to.equal(true);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.map((line) => [line.msg, line.extra, line.repeated, line.dead_letter])).to.deep.equal([
      ["a", { k: 1 }, undefined, { sink: "discord", reason: "HTTP 404: Unknown Webhook", at: "2026-01-02T03:04:05.000Z" }],
      ["b", { k: 1 }, { count: 37, since: 0 }, { sink: "discord", reason: "HTTP 404: Unknown Webhook", at: "2026-01-02T03:04:05.000Z" }],
    ]);
    expect(parsed[0].time).to.equal("1970-01-01T00:00:00.000Z");
  });

  it("keeps a reason with quotes and line breaks inside one JSON line", () => {
    const line = formatDeadLetter(record("a"), { ...note, reason: 'said "no"\nthen left' });
    expect(JSON.parse(line).dead_letter.reason).to.equal('said "no"\nthen left');
    expect(line.indexOf("\n")).to.equal(line.length - 1);
  });
});
