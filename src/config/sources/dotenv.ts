import * as fs from "node:fs";
import * as path from "node:path";
import dotenv from "dotenv";

export const DOTENV_FILE = ".env";

export interface DotenvResult {
  /** Undefined when there is no .env in the directory. */
  readonly variables: Readonly<Record<string, string>> | undefined;
  readonly errors: readonly string[];
}

/**
 * Reads `.env` in cwd with dotenv's parser only: the variables are returned, `process.env` is
 * never touched (dotenv's `config()` would write to it).
 */
export function readDotenv(cwd: string): DotenvResult {
  const file = path.join(cwd, DOTENV_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { variables: undefined, errors: [] };
    return { variables: undefined, errors: [`${DOTENV_FILE}: cannot read the file (${code ?? "unknown error"})`] };
  }
  return { variables: dotenv.parse(text), errors: [] };
}
