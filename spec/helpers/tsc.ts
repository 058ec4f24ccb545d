import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, where tsconfig.json and node_modules are. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** Runs tsc on a project; its exit status and the `file(line,col): error TSxxxx` lines it printed. */
export function compile(project: string): { status: number | null; errors: string[] } {
  const run = spawnSync(process.execPath, [TSC, "-p", project], { cwd: ROOT, encoding: "utf8" });
  const errors = `${run.stdout}${run.stderr}`.split("\n").filter((line) => /error TS\d+/.test(line));
  return { status: run.status, errors };
}

/**
 * A scratch project in a fresh directory under `parent` (a sibling of the files it stands for,
 * so relative paths resolve as theirs do): the files, and a tsconfig extending the root one.
 * Returns the directory; the caller removes it.
 */
export function scratchProject(parent: string, files: Readonly<Record<string, string>>, compilerOptions: object = {}): string {
  const dir = fs.mkdtempSync(path.join(parent, "stripped-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const extendsPath = path.relative(dir, path.join(ROOT, "tsconfig.json")).split(path.sep).join("/");
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ extends: extendsPath, compilerOptions: { noEmit: true, ...compilerOptions }, include: ["*.ts"] }),
  );
  return dir;
}
