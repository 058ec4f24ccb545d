import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { compile, ROOT, scratchProject } from "./helpers/tsc.js";

/*
 * Every ```ts block of README.md compiles: each is written to a file of its own and checked by
 * tsc with the project's settings, `"flowlog"` resolved to src/index.ts. A snippet may use `log`
 * (a Logger) without making one, as the README says; anything else it uses, it declares.
 */

interface Snippet {
  /** The README line of the opening fence. */
  readonly line: number;
  readonly code: string;
}

/** The ```ts / ```typescript blocks of a Markdown text, with the line each starts at. */
export function typescriptBlocks(markdown: string): Snippet[] {
  const lines = markdown.split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    snippets.push({ line: start + 1, code: body.join("\n") });
  }
  return snippets;
}

const PRELUDE = `import type { Logger } from "flowlog";
declare global {
  /** The logger the README's snippets talk about. */
  const log: Logger;
}
export {};
`;

describe("README.md snippets", function () {
  this.timeout(120_000);
  let dir = "";
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("every ```ts block type-checks", () => {
    const snippets = typescriptBlocks(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
    expect(snippets.length, "README.md has ts blocks to check").to.be.at.least(3);
    const files: Record<string, string> = { "readme-prelude.ts": PRELUDE };
    // `export {}` makes each snippet a module, so their top-level names never collide.
    for (const { line, code } of snippets) files[`readme-line-${line}.ts`] = `${code}\nexport {};\n`;
    dir = scratchProject(path.join(ROOT, "spec"), files, { paths: { flowlog: [path.join(ROOT, "src/index.ts")] } });
    const result = compile(path.join(dir, "tsconfig.json"));
    // `readme-line-26.ts(3,5): error TS...`: the README line of the fence is in the file name.
    expect(result.errors, result.errors.join("\n")).to.deep.equal([]);
    expect(result.status).to.equal(0);
  });

  it("finds the blocks, and only ts ones, with their lines", () => {
    const text = ["# t", "```ts", "const a = 1;", "```", "```sh", "npm test", "```", "```typescript", "let b;", "```"].join("\n");
    expect(typescriptBlocks(text)).to.deep.equal([
      { line: 2, code: "const a = 1;" },
      { line: 8, code: "let b;" },
    ]);
  });
});
