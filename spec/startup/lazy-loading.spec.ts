import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";

/*
 * What `import "flowlog"` and a Logger with nothing to configure load (README, "Startup"):
 * the packages only a config file, a .env file, an HTTP sink, email or OpenTelemetry needs are
 * loaded when one of those is used, never at import. Checked in a fresh process, by what it
 * actually loaded (not by how long it took).
 */
const fixture = path.join(import.meta.dirname, "..", "fixtures", "loaded-packages.ts");

interface Loaded {
  readonly packages: readonly string[];
  readonly rxjsIndex: boolean;
  readonly cli: boolean;
}

function loadedBy(...args: string[]): Loaded {
  const child = spawnSync(process.execPath, ["--import", "tsx", fixture, ...args], { encoding: "utf8", timeout: 60_000 });
  expect(child.status, child.stderr).to.equal(0);
  return JSON.parse(child.stdout) as Loaded;
}

describe("startup: what loads when", () => {
  it("import loads rxjs (only the parts flowlog uses, not its whole index) and none of the parsing, HTTP, email or OpenTelemetry packages", () => {
    const loaded = loadedBy("import");
    expect(loaded.packages).to.include("rxjs");
    expect(loaded.rxjsIndex, "rxjs's index (all of rxjs) was loaded").to.equal(false);
    for (const heavy of ["undici", "nodemailer", "@opentelemetry/api", "@opentelemetry/sdk-logs"]) {
      expect(loaded.packages, heavy).to.not.include(heavy);
    }
  });

  it("import loads none of the flowlog command's modules", () => {
    expect(loadedBy("import").cli).to.equal(false);
  });
});
