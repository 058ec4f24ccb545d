// Issue 10, point 9: redaction sees what is written. Key paths used to apply to the live
// objects only, so a password returned by toJSON, held by a class instance or a Map, or a URL
// object carrying user:password@ reached the NDJSON, text file and terminal. Now `extra` is
// serialised first (as every file writes it) and the paths apply to that.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { Logger, type LogRecord } from "../../src/index.js";
import { everyOutputLogger } from "../helpers/every-output-logger.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";

describe("faults: redaction sees what is written (issue 10.9)", () => {
  const dir = useTempDir("flowlog-redact-written-");

  const FROM_TO_JSON = "PlantedByToJson";
  const IN_URL = "PlantedInUrl";
  const IN_INSTANCE = "PlantedInInstance";
  const IN_MAP = "PlantedInMap";
  const URL_ONLY_PASSWORD = "PlantedNoUser";

  class Credentials {
    readonly user = "ada";
    readonly password = IN_INSTANCE;
  }

  it("a password from toJSON, a class instance or a Map, and a URL object's user:password@ reach no file, the terminal or log$", async () => {
    const { log, outputs: everyOutput } = everyOutputLogger(dir(), ["password"]);

    log.info("toJSON", { extra: { account: { toJSON: () => ({ name: "ada", password: FROM_TO_JSON }) } } });
    log.info("url", { extra: { db: new URL(`postgres://app:${IN_URL}@db:5432/main`), bare: new URL(`https://:${URL_ONLY_PASSWORD}@example.com/`) } });
    log.info("instance", { extra: { creds: new Credentials() } });
    log.info("map", { extra: { settings: new Map<unknown, unknown>([["password", IN_MAP], ["mode", "fast"], [1, "numeric key kept"]]) } });
    log.info(new URL(`https://ada:${IN_URL}@example.com/path`) as unknown as string);
    const report = await log.complete();
    expectReportAddsUp(report);

    const outputs = everyOutput();
    for (const secret of [FROM_TO_JSON, IN_URL, IN_INSTANCE, IN_MAP, URL_ONLY_PASSWORD]) {
      // includes() rather than a matcher, so a failure does not print the secret.
      expect(outputs.some((text) => text.includes(secret)), `the planted ${secret.replace("Planted", "")} secret leaked`).to.equal(false);
    }
    // What is not secret is still written, in the serialised form.
    const lines = fs.readFileSync(path.join(dir(), "app.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines[0].extra).to.deep.equal({ account: { name: "ada", password: "[REDACTED]" } });
    expect(lines[1].extra).to.deep.equal({ db: "postgres://[REDACTED]@db:5432/main", bare: "https://[REDACTED]@example.com/" });
    expect(lines[2].extra).to.deep.equal({ creds: { user: "ada", password: "[REDACTED]" } });
    expect(lines[3].extra).to.deep.equal({ settings: { "[Map]": [["password", "[REDACTED]"], ["mode", "fast"], [1, "numeric key kept"]] } });
    expect(lines[4].msg).to.include("https://[REDACTED]@example.com/path");
    expect(report.sinks.file_json).to.include({ accepted: 5, delivered: 5 });
  });
});
