import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { compile, scratchProject } from "../helpers/tsc.js";

/*
 * Type-level tests: the fixtures under spec/types/fixtures/ are compiled with tsc. Each line
 * after a `// @ts-expect-error` must fail to compile (a typo, an unknown level, a wrong type),
 * and every other line must compile. Checked twice: as written (an unused directive is itself an
 * error), and with the directives blanked out, where the errors must be exactly on those lines.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b.*$/;

/** The 1-based numbers of the lines that follow a directive. */
function expectedErrorLines(text: string): number[] {
  const lines = text.split("\n");
  return lines.flatMap((line, i) => (DIRECTIVE.test(line) ? [i + 2] : []));
}

describe("types (tsc on spec/types/fixtures)", function () {
  this.timeout(120_000);
  const fixtures = fs.readdirSync(path.join(here, "fixtures")).filter((name) => name.endsWith(".ts"));
  let stripped = "";

  afterEach(() => {
    if (stripped) fs.rmSync(stripped, { recursive: true, force: true });
    stripped = "";
  });

  it("the fixtures compile as written: every @ts-expect-error is used", () => {
    const result = compile(path.join(here, "tsconfig.json"));
    expect(result.errors).to.deep.equal([]);
    expect(result.status).to.equal(0);
  });

  it("without the directives, tsc reports errors on exactly the marked lines", () => {
    // A sibling of fixtures/, so the fixtures' relative imports resolve the same way.
    const expected: string[] = [];
    const blankedFiles: Record<string, string> = {};
    for (const name of fixtures) {
      const text = fs.readFileSync(path.join(here, "fixtures", name), "utf8");
      expect(expectedErrorLines(text), `${name} has no @ts-expect-error`).not.to.be.empty;
      for (const line of expectedErrorLines(text)) expected.push(`${name}:${line}`);
      blankedFiles[name] = text.split("\n").map((line) => (DIRECTIVE.test(line) ? "" : line)).join("\n");
    }
    stripped = scratchProject(here, blankedFiles);
    const result = compile(path.join(stripped, "tsconfig.json"));
    const found = result.errors.map((error) => {
      const match = /([^/\\]+\.ts)\((\d+),\d+\)/.exec(error);
      return match ? `${match[1]}:${match[2]}` : error;
    });
    expect([...new Set(found)].sort()).to.deep.equal([...new Set(expected)].sort());
  });
});
