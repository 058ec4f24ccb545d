import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function makeTempDir(prefix = "flowlog-"): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The non-empty lines of a file ("" when it does not exist). */
export function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").filter((line) => line.length > 0);
}
