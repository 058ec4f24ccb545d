import { expect } from "chai";
import * as path from "node:path";
import { DeadLetterFile } from "../../src/io/dead-letter.js";
import type { LogRecord } from "../../src/record.js";
import { makeTempDir, readLines } from "../helpers/temp-dir.js";

describe("DeadLetterFile", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  const record = (msg: string, repeated?: LogRecord["repeated"]): LogRecord =>
    Object.freeze({ time: 0, level: "ERROR", levelno: 40, logger: "app", msg, extra: { k: 1 }, ...(repeated ? { repeated } : {}) });

  it("appends one NDJSON line a record, with the sink, the reason and a coalesced alert's count", () => {
    const file = new DeadLetterFile(path.join(dir, "nested", "dead.ndjson"));
    expect(file.append("discord", "HTTP 404: Unknown Webhook", [record("a"), record("b", { count: 37, since: 0 })])).to.equal(2);
    expect(file.append("discord", "x", [])).to.equal(0);
    const lines = readLines(path.join(dir, "nested", "dead.ndjson")).map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.msg, line.extra, line.repeated, line.dead_letter.sink, line.dead_letter.reason])).to.deep.equal([
      ["a", { k: 1 }, undefined, "discord", "HTTP 404: Unknown Webhook"],
      ["b", { k: 1 }, { count: 37, since: 0 }, "discord", "HTTP 404: Unknown Webhook"],
    ]);
    expect(lines[0].time).to.equal("1970-01-01T00:00:00.000Z");
  });
});
