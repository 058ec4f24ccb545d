// Catalogue row S9 (reliability.md): an attacker-controlled value logged over and over. Scaled
// from 1,000,000 x 10 KB to 10,000 x 10 KB (100 MB of log text) to keep CI in seconds; the bounds
// asserted do not depend on the count.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { Logger } from "../../src/index.js";
import { DiscordSink } from "../../src/sinks/discord.js";
import { FAST } from "../helpers/alert-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { FakeDiscord } from "../helpers/servers/index.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { useServer } from "../helpers/per-test.js";

describe("faults: flooding (S9)", () => {
  const discord = useServer(() => FakeDiscord.start());
  const dir = useTempDir();

  it("10,000 records of 10 KB each: disk stays within max_bytes x (backup_count + 1), alerts stay coalesced", async function () {
    this.timeout(60_000);
    const maxBytes = 1024 * 1024;
    const backups = 3;
    const log = new Logger("app", {
      cwd: dir(),
      env: {},
      onWarning: () => {},
      config: {
        dead_letter: { enabled: false },
        sinks: { terminal: { enabled: false }, file_json: { enabled: true, path: "app.ndjson", max_bytes: maxBytes, backup_count: backups } },
      },
    });
    log.addSink(new DiscordSink({ webhookUrl: discord().webhookUrl(), ...FAST }));
    const attacker = "A".repeat(10 * 1024);
    for (let i = 0; i < 10_000; i++) {
      log.error("login failed", { extra: { user: attacker } });
      if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
    const report = await log.complete();
    expectReportAddsUp(report);

    const files = fs.readdirSync(dir()).filter((name) => name.startsWith("app.ndjson"));
    const sizes = files.map((name) => fs.statSync(path.join(dir(), name)).size);
    expect(files.length, files.join(", ")).to.be.at.most(backups + 1);
    for (const size of sizes) expect(size).to.be.at.most(maxBytes);
    expect(sizes.reduce((a, b) => a + b, 0)).to.be.at.most(maxBytes * (backups + 1));
    expect(report.sinks.file_json).to.include({ accepted: 10_000, delivered: 10_000 });

    // The alert channel sees the first alert and one summary, not 10,000 messages. Counted as
    // distinct messages: on a slow machine an attempt can outlive FAST's 1 s timeout after the
    // server took it, and its retry posts the same message again (at-least-once delivery); that
    // is a duplicate, not a coalescing window that split.
    const distinct = [...new Set(discord().messages.map((message) => JSON.stringify(message)))];
    const weights = distinct.map((text) => {
      const repeat = /×([\d,]+) in the last/.exec(text);
      return repeat === null ? 1 : Number(repeat[1].replace(/,/g, ""));
    });
    expect(distinct.length, weights.join(", ")).to.be.at.most(3);
    expect(weights.filter((weight) => weight === 1), "one plain first alert").to.have.length(1);
    expect(weights.reduce((a, b) => a + b, 0), "the first alert and the summaries' counts add up").to.equal(10_000);
    expect(report.sinks.discord).to.include({ accepted: 10_000, delivered: 10_000 });
  });
});
