/**
 * How spec/ is laid out, checked (issue 11, point 5):
 *
 * - spec/ mirrors src/: a module with behaviour, src/<folder>/<name>.ts, has its own spec at
 *   spec/<folder>/<name>.spec.ts. More specs may test it end to end (spec/faults/, the
 *   logger-*.spec.ts files); the mirrored one is where a reader looks first.
 * - The only modules without one are listed in NO_BEHAVIOUR, each with its reason, and are
 *   checked to compile to nothing but re-exports: the list cannot hide a module that does
 *   something.
 * - One time system per spec file: RxJS TestScheduler for code on RxJS schedulers (operators,
 *   pipelines, sinks), sinon fake timers for promise-and-timer code (retry waits, the rate gate,
 *   io deadlines), never both; integration specs against real servers run in real time and wait
 *   for conditions (waitUntil), with no ceiling on how long something took.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { transformSync } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Modules with no behaviour of their own: types, or the re-exports of a folder. */
const NO_BEHAVIOUR: Readonly<Record<string, string>> = {
  "src/index.ts": "the public surface, re-exports only (its names are checked by spec/readme.spec.ts and spec/types)",
  "src/config/index.ts": "re-exports of the config folder",
  "src/operators/index.ts": "re-exports of the operators",
  "src/serialize/index.ts": "re-exports of the serialisers",
  "src/core/attempt-outcome.ts": "types only: the outcome of one delivery attempt",
  "src/core/delivery.ts": "types only: delivery events, drop reasons, outgoing messages",
  "src/sinks/sink.ts": "types only: the Sink contract",
};

/** Every .ts file under `dir`, as paths relative to the repository, sorted. */
function modulesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => path.posix.join(dir, name.split(path.sep).join("/")))
    .sort();
}

const mirroredSpec = (module: string): string => module.replace(/^src\//, "spec/").replace(/\.ts$/, ".spec.ts");

/**
 * What a module does beyond importing and re-exporting: its JavaScript (compiled by esbuild,
 * types gone, whitespace minified) without import and export statements. "" for a module of
 * types or re-exports only.
 */
function ownCode(module: string): string {
  const source = fs.readFileSync(path.join(ROOT, module), "utf8");
  const js = transformSync(source, { loader: "ts", format: "esm", minifyWhitespace: true }).code;
  return js.replace(/import\{[^}]*\}from"[^"]+";|export\*(as [\w$]+)?from"[^"]+";|export\{[^}]*\}(from"[^"]+")?;/g, "").trim();
}

describe("layout: spec/ mirrors src/", () => {
  const modules = modulesUnder("src");

  it("every module with behaviour has its own spec at the mirrored path", () => {
    const missing = modules.filter((module) => !(module in NO_BEHAVIOUR) && !fs.existsSync(path.join(ROOT, mirroredSpec(module))));
    expect(missing.map((module) => `${module}: no ${mirroredSpec(module)}`), "write the spec (or, for a types-only module, list it in NO_BEHAVIOUR)").to.deep.equal([]);
  });

  it("NO_BEHAVIOUR lists only existing modules that compile to re-exports or nothing, and none that has a spec of its own", () => {
    for (const [module, reason] of Object.entries(NO_BEHAVIOUR)) {
      expect(modules, `${module} is listed but does not exist`).to.include(module);
      expect(reason.length, `${module}: give the reason`).to.be.above(10);
      expect(fs.existsSync(path.join(ROOT, mirroredSpec(module))), `${module} has a spec: take it off the list`).to.equal(false);
      expect(ownCode(module), `${module} has code of its own: it needs a spec`).to.equal("");
    }
  });
});

describe("layout: one time system per spec file", () => {
  it("no spec drives both the RxJS TestScheduler and sinon's fake timers", () => {
    const both = modulesUnder("spec").filter((file) => {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      return /\bTestScheduler\b/.test(text) && /\buseFakeTimers\b/.test(text);
    });
    expect(both).to.deep.equal([]);
  });
});
