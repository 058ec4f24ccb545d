import { UnknownLevelError } from "./errors.js";

/**
 * The nine levels. `Level.ERROR` is the number 40, so
 * levels compare as integers on the hot path.
 */
export const Level = Object.freeze({
  DEBUG: 10,
  INFO: 20,
  AUDIT: 25,
  WEBHOOK: 28,
  WARNING: 30,
  SECURITY: 35,
  ERROR: 40,
  DEPLOY: 45,
  CRITICAL: 50,
} as const);

export type LevelName = keyof typeof Level;
export type LevelNumber = (typeof Level)[LevelName];
/**
 * Other names for two of the nine, for pino and winston habits: `warn` is WARNING, `fatal` is
 * CRITICAL. A record always carries the level's own name ("WARNING").
 */
export const LEVEL_ALIASES = Object.freeze({ WARN: "WARNING", FATAL: "CRITICAL" } as const);
export type LevelAlias = keyof typeof LEVEL_ALIASES;

type Spellings<N extends string> = N | Lowercase<N> | Capitalize<Lowercase<N>>;

/**
 * What every API that takes a level accepts: a name or alias (`"ERROR"`, `"error"`, `"Error"`,
 * `"warn"`), a number or a `Level` member. A typo is a compile error. At run time any case is
 * accepted (`"eRRoR"` from a variable), and anything else throws UnknownLevelError.
 */
export type LevelLike = Spellings<LevelName> | Spellings<LevelAlias> | LevelNumber;

export const LEVEL_NAMES: readonly LevelName[] = Object.freeze(Object.keys(Level) as LevelName[]);
export const LEVEL_NUMBERS: readonly LevelNumber[] = Object.freeze(LEVEL_NAMES.map((name) => Level[name]));

/** Every name and number a level may be given as, for messages: the exact list, never a range. */
export const ACCEPTED_LEVELS = `${LEVEL_NAMES.join(", ")} (any case; WARN and FATAL too) or ${LEVEL_NUMBERS.join(", ")}`;

const nameByNumber = new Map<number, LevelName>(LEVEL_NAMES.map((name) => [Level[name], name]));

/** The name of a level number, or undefined when the number is not one of the nine. */
export function levelName(levelno: number): LevelName | undefined {
  return nameByNumber.get(levelno);
}

/** Resolves a level given by name (any case), number or member; throws UnknownLevelError otherwise. */
export function toLevelNumber(level: LevelLike): LevelNumber {
  const found = tryLevelNumber(level);
  if (found === undefined) throw new UnknownLevelError(describeGiven(level), ACCEPTED_LEVELS);
  return found;
}

/** Like toLevelNumber, without throwing: undefined for anything that is not one of the nine. */
export function tryLevelNumber(level: unknown): LevelNumber | undefined {
  if (typeof level === "number") return nameByNumber.has(level) ? (level as LevelNumber) : undefined;
  if (typeof level !== "string") return undefined;
  const trimmed = level.trim();
  if (/^\d+$/.test(trimmed)) return tryLevelNumber(Number(trimmed));
  const upper = trimmed.toUpperCase();
  if (Object.prototype.hasOwnProperty.call(Level, upper)) return Level[upper as LevelName];
  return Object.prototype.hasOwnProperty.call(LEVEL_ALIASES, upper) ? Level[LEVEL_ALIASES[upper as LevelAlias]] : undefined;
}

function describeGiven(level: unknown): string {
  if (typeof level === "string") return JSON.stringify(level.length > 40 ? `${level.slice(0, 40)}...` : level);
  if (typeof level === "number") return String(level);
  return `of type ${level === null ? "null" : typeof level}`;
}
