import * as path from "node:path";
import { dotenv } from "../lazy-packages.js";
import { readConfigText } from "./config-text.js";

export const DOTENV_FILE = ".env";

export interface DotenvResult {
  /** Undefined when there is no .env in the directory. */
  readonly variables: Readonly<Record<string, string>> | undefined;
  readonly errors: readonly string[];
}

/**
 * Reads `.env` in cwd with dotenv's parser only: the variables are returned, `process.env` is
 * never touched (dotenv's `config()` would write to it). Only a regular file of at most 1 MB
 * is read (readConfigText). dotenv is loaded only when a `.env` file is there (lazy-packages.ts).
 */
export function readDotenv(cwd: string): DotenvResult {
  const file = path.join(cwd, DOTENV_FILE);
  const read = readConfigText(file);
  if ("missing" in read) return { variables: undefined, errors: [] };
  if ("problem" in read) return { variables: undefined, errors: [`${DOTENV_FILE}: ${file} ${read.problem}`] };
  return { variables: dotenv().parse(read.text), errors: [] };
}
