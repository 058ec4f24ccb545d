// Catalogue row S7 (reliability.md): redaction of user data, configured by the application.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { Logger, type LogRecord } from "../../src/index.js";
import { everyOutputLogger } from "../helpers/every-output-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";

describe("faults: secrets in user data are redacted before any sink (S7)", () => {
  const dir = useTempDir();

  const PASSWORD = "hunter2-PlantedPassword";
  const AUTH = "Bearer eyJhbGciOiJIUzI1NiJ9.PlantedJwt.signature";
  const BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PlantedBot";
  const DB_PASSWORD = "PlantedDbPw";

  it("no planted secret reaches the files, the terminal or log$, from the logger or its child", async () => {
    const { log, outputs: everyOutput } = everyOutputLogger(dir(), ["password", "headers.authorization", "*.token"]);

    log.info("login", { extra: { user: "ada", password: PASSWORD, headers: { authorization: AUTH, accept: "json" } } });
    log.warning(`telegram said no to bot${BOT}/sendMessage`, { extra: { telegram: { token: BOT } } });
    log.error("db down", { exc: new Error(`connect postgres://app:${DB_PASSWORD}@db:5432/main failed`) });
    log.child({ session: { password: PASSWORD } }).audit(`retry with ${AUTH}`);
    const report = await log.complete();
    expectReportAddsUp(report);

    const outputs = everyOutput();
    for (const secret of [PASSWORD, "PlantedJwt", "PlantedBot", DB_PASSWORD]) {
      // includes() rather than a matcher, so a failure does not print the secret.
      expect(outputs.some((text) => text.includes(secret)), `a secret (${secret.length} chars) leaked`).to.equal(false);
    }
    // What is not secret is still there.
    const first = JSON.parse(fs.readFileSync(path.join(dir(), "app.ndjson"), "utf8").split("\n")[0]);
    expect(first.extra).to.deep.equal({ user: "ada", password: "[REDACTED]", headers: { authorization: "[REDACTED]", accept: "json" } });
    expect(report.sinks.file_json).to.include({ accepted: 4, delivered: 4 });
  });

  it("without redact, the record is left as logged (redaction is opt-in, never inferred from data)", async () => {
    const log = new Logger("app", { cwd: dir(), env: {}, config: { dead_letter: { enabled: false }, sinks: { terminal: { enabled: false } } } });
    const seen: LogRecord[] = [];
    log.log$.subscribe((record) => seen.push(record));
    log.info("x", { extra: { password: PASSWORD } });
    await log.complete();
    expect(seen[0].extra).to.deep.equal({ password: PASSWORD });
  });
});
