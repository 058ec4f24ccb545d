import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { installedCli } from "../helpers/installed-cli.js";
import { useTempDir } from "../helpers/temp-dir.js";

/*
 * What `import "flowlog"` and `new Logger` load (README, "Startup"): the packages that only a
 * config file, a .env file, an HTTP sink, email or OpenTelemetry needs are loaded when one of
 * those is used, never at import. Checked in a fresh process, by what it actually loaded (not
 * by how long it took).
 */
const fixture = path.join(import.meta.dirname, "..", "fixtures", "loaded-packages.ts");

interface Loaded {
  readonly packages: readonly string[];
  readonly rxjsIndex: boolean;
  readonly cli: boolean;
  readonly installedFiles: readonly string[];
  readonly tls: boolean;
}

function loadedBy(...args: string[]): Loaded {
  const child = spawnSync(process.execPath, ["--import", "tsx", fixture, ...args], { encoding: "utf8", timeout: 60_000 });
  expect(child.status, child.stderr).to.equal(0);
  return JSON.parse(child.stdout) as Loaded;
}

const PEERS = ["nodemailer", "@opentelemetry/api", "@opentelemetry/api-logs", "@opentelemetry/sdk-logs", "@opentelemetry/exporter-logs-otlp-http"];

describe("startup: what loads when", () => {
  const dir = useTempDir("flowlog-startup-");

  it("import loads rxjs (only the parts flowlog uses, not its whole index) and none of the validation, parsing, HTTP, email or OpenTelemetry packages", () => {
    const loaded = loadedBy("import");
    expect(loaded.packages).to.include("rxjs");
    expect(loaded.rxjsIndex, "rxjs's index (all of rxjs) was loaded").to.equal(false);
    for (const heavy of ["io-ts", "fp-ts", "js-yaml", "dotenv", "undici", ...PEERS]) {
      expect(loaded.packages, heavy).to.not.include(heavy);
    }
  });

  it("import loads none of the flowlog command's modules", () => {
    expect(loadedBy("import").cli).to.equal(false);
  });

  it("import does not load Node's tls (with its crypto modules): the syslog sink takes it when it connects", () => {
    expect(loadedBy("import").tls).to.equal(false);
  });

  it("new Logger without a config file or .env validates with io-ts but loads neither js-yaml nor dotenv", () => {
    const loaded = loadedBy("logger", dir());
    expect(loaded.packages).to.include.members(["io-ts", "fp-ts"]);
    expect(loaded.packages).to.not.include("js-yaml").and.not.include("dotenv");
  });

  it("a flowlog.yaml loads js-yaml and a .env loads dotenv, when there is one", () => {
    fs.writeFileSync(path.join(dir(), "flowlog.yaml"), "sinks:\n  terminal:\n    enabled: false\n");
    expect(loadedBy("logger", dir()).packages).to.include("js-yaml").and.not.include("dotenv");
    fs.rmSync(path.join(dir(), "flowlog.yaml"));
    fs.writeFileSync(path.join(dir(), ".env"), "FLOWLOG_TERMINAL_ENABLED=false\n");
    expect(loadedBy("logger", dir()).packages).to.include("dotenv").and.not.include("js-yaml");
  });

  it("the installed package (npm pack): import loads one file of flowlog, dist/index.js, and the same packages as from source", async function () {
    this.timeout(180_000); // the first spec to ask packs and installs the package
    const loaded = loadedBy("installed", (await installedCli()).dir);
    expect(loaded.installedFiles).to.deep.equal(["dist/index.js"]);
    expect(loaded.rxjsIndex).to.equal(false);
    expect(loaded.tls).to.equal(false);
    expect(loaded.packages).to.include.members(["flowlog", "rxjs"]);
    for (const heavy of ["io-ts", "fp-ts", "js-yaml", "dotenv", "undici", ...PEERS]) {
      expect(loaded.packages, heavy).to.not.include(heavy);
    }
  });

  it("building a Logger with a Discord sink does not load undici (its first request does)", () => {
    const config = { sinks: { terminal: { enabled: false }, discord: { enabled: true, webhook_url: "http://127.0.0.1:9/hook" } } };
    expect(loadedBy("logger", dir(), JSON.stringify(config)).packages).to.not.include("undici");
  });
});
