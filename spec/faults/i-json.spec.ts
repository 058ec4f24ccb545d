// Issue 10, point 10: NDJSON is I-JSON (RFC 7493). A lone surrogate is written U+FFFD, never as
// the escape `\ud800`, so every line of the file reads in jq 1.6 (Debian 12's jq stops reading
// the whole file at the first such escape). Checked with the real jq when it is installed.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { readLines, useTempDir } from "../helpers/temp-dir.js";

/** The jq on PATH and its version, or why there is none. */
function findJq(): { version: string } | { missing: string } {
  const probe = spawnSync("jq", ["--version"], { encoding: "utf8" });
  if (probe.error !== undefined) return { missing: `jq is not installed (${(probe.error as NodeJS.ErrnoException).code}); apt-get install -y jq` };
  if (probe.status !== 0) return { missing: `jq --version exited ${probe.status}` };
  return { version: probe.stdout.trim() };
}

describe("faults: NDJSON is I-JSON, every line reads in jq (issue 10.10)", () => {
  const dir = useTempDir("flowlog-ijson-");

  const HOSTILE = ["lone high \ud800 here", "lone low \udfff", "pair kept 😀", "reversed \udc00\ud800", "backslash text \\ud800", "end \ud83d"];

  async function writeNdjson(): Promise<string> {
    const { log } = quietLogger("ijson", dir(), { file_json: { enabled: true, path: "app.ndjson" } });
    for (const [i, msg] of HOSTILE.entries()) {
      log.info(msg, { extra: { i, [`key\udc01${i}`]: msg, nested: [msg] }, exc: Object.assign(new Error(msg), { code: msg }) });
    }
    log.info("after them all", { extra: { i: HOSTILE.length } });
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(report.sinks.file_json).to.include({ delivered: HOSTILE.length + 1, failed: 0 });
    return path.join(dir(), "app.ndjson");
  }

  it("writes lone surrogates as U+FFFD: every line is well-formed UTF-8 with no \\udXXX escape of a lone surrogate", async () => {
    const file = await writeNdjson();
    const bytes = fs.readFileSync(file);
    // Strict UTF-8: TextDecoder with fatal throws on anything that is not.
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    const lines = readLines(file);
    expect(lines).to.have.length(HOSTILE.length + 1);
    expect(text).not.to.match(/(?<!\\)\\ud[89a-f]/i);
    for (const [i, msg] of HOSTILE.entries()) {
      const record = JSON.parse(lines[i]) as { msg: string; extra: Record<string, unknown>; exc: { message: string; fields: { code: string } } };
      const expected = (msg as unknown as { toWellFormed(): string }).toWellFormed();
      expect(record.msg).to.equal(expected);
      expect(record.extra[`key\ufffd${i}`]).to.equal(expected);
      expect(record.extra.nested).to.deep.equal([expected]);
      expect(record.exc.message).to.equal(expected);
      expect(record.exc.fields.code).to.equal(expected);
    }
    expect(JSON.parse(lines[1]).msg).to.equal("lone low \ufffd");
    expect(JSON.parse(lines[2]).msg, "a valid pair stays as it is").to.equal("pair kept 😀");
    expect(JSON.parse(lines[4]).msg, "the text backslash-u-d-8-0-0 stays text").to.equal("backslash text \\ud800");
  });

  it("jq 1.6 reads every line of the file (the real jq, when installed)", async function () {
    const jq = findJq();
    if ("missing" in jq) {
      console.log(`      skipped: ${jq.missing}`);
      this.skip();
    }
    const file = await writeNdjson();
    const result = spawnSync("jq", ["-r", ".msg"], { input: fs.readFileSync(file), encoding: "utf8" });
    expect(result.stderr, `${jq.version} complained`).to.equal("");
    expect(result.status, `${jq.version} exit code`).to.equal(0);
    const messages = result.stdout.split("\n").filter((line) => line !== "");
    // Every line was read, up to the last one, and each message came through as U+FFFD.
    expect(messages).to.deep.equal([...HOSTILE.map((msg) => (msg as unknown as { toWellFormed(): string }).toWellFormed()), "after them all"]);
  });
});
