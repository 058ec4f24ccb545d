import * as t from "io-ts";
import { levelName, tryLevelNumber, type LevelNumber } from "../levels.js";
import { fail } from "./validation.js";

export const LEVEL_EXPECTED = "expected a level (DEBUG..CRITICAL or 10..50)";

/**
 * A level given as a name in any case (`"error"`), a number (`40`) or a numeric string (`"40"`,
 * as environment variables give it), decoded to its LevelNumber. Anything else fails with
 * `expected a level (DEBUG..CRITICAL or 10..50)`: an unknown level is never a silent default.
 */
export const LevelFromNameOrNumber = new t.Type<LevelNumber, LevelNumber, unknown>(
  "LevelFromNameOrNumber",
  (u): u is LevelNumber => typeof u === "number" && levelName(u) !== undefined,
  (u, c) => {
    const level = tryLevelNumber(u);
    return level === undefined ? fail(u, c, LEVEL_EXPECTED) : t.success(level);
  },
  t.identity,
);
