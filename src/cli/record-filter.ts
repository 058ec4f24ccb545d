/**
 * The filters of `flowlog pretty` (and `stats`): a minimum level, logger names, a pattern,
 * a time window. Pure: the options are checked and turned into a predicate once.
 *
 * A raw line (not a record) has no level, logger or time, so only `--grep` applies to it: a
 * line that cannot be judged is shown rather than silently dropped.
 */
import { formatText, tryLevelNumber, type LogRecord } from "../index.js";
import { UsageError } from "./usage.js";

export interface FilterOptions {
  /** A level name (any case) or number: records at or above it pass. */
  readonly level?: string;
  /** Logger names; a record passes when its logger is one of them. */
  readonly logger?: readonly string[];
  /** A JavaScript regular expression, tested against the record as the text format writes it. */
  readonly grep?: string;
  /** Start (inclusive) and end (exclusive) of the window: an ISO time or a duration ago (`15m`). */
  readonly since?: string;
  readonly until?: string;
}

/** The filter options as parseArgs takes them, shared by the commands that filter. */
export const FILTER_OPTIONS = {
  level: { type: "string" },
  logger: { type: "string", multiple: true },
  grep: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
} as const;

/** Their lines in --help. */
export const FILTER_HELP = `  --level LEVEL      only records at or above LEVEL (DEBUG..CRITICAL, or 10..50)
  --logger NAME      only records of this logger (repeat for several)
  --grep REGEX       only records whose text line matches (JavaScript regular expression)
  --since TIME       only records at or after TIME: ISO (2026-11-24T09:00:00Z; no zone = UTC)
                     or a duration ago (30s, 15m, 2h, 1d)
  --until TIME       only records before TIME (same forms)`;

export interface RecordFilter {
  readonly acceptsRecord: (record: LogRecord) => boolean;
  readonly acceptsRaw: (line: string) => boolean;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
/** A date-time with no zone: read as UTC, like every time flowlog writes. */
const NO_ZONE = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/;

/** The predicate for these options; a bad level, pattern or time is a UsageError naming the option. */
export function makeFilter(options: FilterOptions, now: number): RecordFilter {
  const minLevel = options.level === undefined ? undefined : levelOption(options.level);
  const loggers = options.logger === undefined || options.logger.length === 0 ? undefined : new Set(options.logger);
  const grep = options.grep === undefined ? undefined : patternOption(options.grep);
  const since = options.since === undefined ? undefined : parseTimeBound(options.since, now, "--since");
  const until = options.until === undefined ? undefined : parseTimeBound(options.until, now, "--until");
  return {
    acceptsRecord: (record) =>
      (minLevel === undefined || record.levelno >= minLevel) &&
      (loggers === undefined || loggers.has(record.logger)) &&
      (since === undefined || record.time >= since) &&
      (until === undefined || record.time < until) &&
      (grep === undefined || grep.test(formatText(record))),
    acceptsRaw: (line) => grep === undefined || grep.test(line),
  };
}

/**
 * An ISO 8601 time (`2026-11-24`, `2026-11-24T09:12:54Z`; without a zone it is UTC) or a
 * duration before `now` (`90s`, `15m`, `2h`, `1d`, `500ms`), as epoch ms.
 */
export function parseTimeBound(text: string, now: number, option: string): number {
  const duration = DURATION.exec(text.trim());
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]];
  const trimmed = text.trim();
  const time = Date.parse(NO_ZONE.test(trimmed) ? `${trimmed}Z` : trimmed);
  if (Number.isNaN(time)) {
    throw new UsageError(`${option}: expected an ISO time (2026-11-24T09:00:00Z) or a duration ago (15m, 2h, 1d), got ${JSON.stringify(text)}`);
  }
  return time;
}

function levelOption(text: string): number {
  const level = tryLevelNumber(text);
  if (level === undefined) throw new UsageError(`--level: expected a level (DEBUG..CRITICAL or 10..50), got ${JSON.stringify(text)}`);
  return level;
}

function patternOption(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (error) {
    throw new UsageError(`--grep: not a valid regular expression: ${(error as Error).message}`);
  }
}
