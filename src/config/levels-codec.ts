import { ACCEPTED_LEVELS, levelName, tryLevelNumber, type LevelLike, type LevelNumber } from "../core/levels.js";
import { accepting } from "./accepts.js";
import { lazyCodec } from "./lazy-codec.js";
import { ioTs } from "./lazy-packages.js";
import { fail, succeed } from "./validation.js";

export const LEVEL_EXPECTED = `expected a level: one of ${ACCEPTED_LEVELS}`;

/**
 * A level given as a name in any case (`"error"`), a number (`40`) or a numeric string (`"40"`,
 * as environment variables give it), decoded to its LevelNumber. Anything else fails with
 * `expected a level: one of DEBUG, INFO, ... (any case) or 10, 20, ...`, the exact list (a range
 * such as 10..50 would suggest that 15 works): an unknown level is never a silent default.
 */
export const LevelFromNameOrNumber = accepting<LevelLike>()(lazyCodec(() => new (ioTs().Type)<LevelNumber, LevelNumber, unknown>(
  "LevelFromNameOrNumber",
  (u): u is LevelNumber => typeof u === "number" && levelName(u) !== undefined,
  (u, c) => {
    const level = tryLevelNumber(u);
    return level === undefined ? fail(u, c, LEVEL_EXPECTED) : succeed(level);
  },
  ioTs().identity,
)));
