import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { perTest } from "./per-test.js";

/**
 * A fresh directory under the OS temp dir, named `<prefix>pid<mocha pid>-XXXXXX`. Specs remove
 * theirs in after-hooks; a run killed before its hooks ran (SIGKILL, a CI timeout) cannot, so
 * the first folder a process makes removes the folders of processes that are gone.
 */
export function makeOwnedTempDir(prefix: string): string {
  if (!swept) removeFoldersOfDeadRuns();
  swept = true;
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}pid${process.pid}-`));
}

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function makeTempDir(prefix = "flowlog-"): { dir: string; cleanup: () => void } {
  const dir = makeOwnedTempDir(prefix);
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh directory for each test of the enclosing `describe`: made by a beforeEach, removed by
 * an afterEach ({@link perTest}). Returns a getter, as the directory is new for every test:
 *
 * ```ts
 * const dir = useTempDir("flowlog-file-");
 * it("...", () => fs.writeFileSync(path.join(dir(), "a.log"), "x"));
 * ```
 *
 * Mocha runs a suite's hooks of one kind in the order they were registered: call this before
 * any beforeEach that uses the directory, and after any afterEach that must still see it (a
 * logger completing into it).
 */
export function useTempDir(prefix = "flowlog-"): () => string {
  const made = perTest("the temp directory", () => makeTempDir(prefix), (temp) => temp.cleanup());
  return () => made().dir;
}

/** The non-empty lines of a file ("" when it does not exist). */
export function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").filter((line) => line.length > 0);
}

let swept = false;

/** A folder made by makeOwnedTempDir: its owner's pid. */
const OWNED = /^flowlog-[\w-]*?pid(\d+)-[A-Za-z0-9]{6}$/;

function removeFoldersOfDeadRuns(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = OWNED.exec(name)?.[1];
    if (pid !== undefined && !processIsAlive(Number(pid))) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
