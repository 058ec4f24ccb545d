import * as fs from "node:fs";
import * as path from "node:path";
import { makeOwnedTempDir } from "../helpers/temp-dir.js";

/**
 * A fresh working directory per test (mkdtemp under the OS temp dir), removed afterwards.
 * Call inside a `describe`: `const wd = useWorkdir();` then `wd.dir`, `wd.write(name, text)`.
 */
export function useWorkdir(): { readonly dir: string; write(name: string, text: string): string } {
  let dir = "";
  beforeEach(() => {
    dir = makeOwnedTempDir("flowlog-config-");
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    write(name: string, text: string): string {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
  };
}

/** The problems of the FlowlogConfigError thrown by `fn` (fails the test when nothing is thrown). */
export function problemsOf(fn: () => unknown): { readonly problems: readonly string[]; readonly message: string; readonly code: string } {
  try {
    fn();
  } catch (error) {
    const e = error as { problems?: readonly string[]; message: string; code: string; name: string };
    if (e.name !== "FlowlogConfigError" || !e.problems) throw error;
    return { problems: e.problems, message: e.message, code: e.code };
  }
  throw new Error("expected a FlowlogConfigError, nothing was thrown");
}
