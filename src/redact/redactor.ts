import { FlowlogConfigError } from "../core/errors.js";

/**
 * Redaction of secrets from a record before any sink sees it, configured by the application
 * (never by record data, per pino's safety note): key paths whose values are replaced, and value
 * patterns (bearer tokens, bot tokens, webhook URLs, URL credentials) masked inside any string.
 * The record maker hands it `extra` already serialised (toSafeValue), so it walks plain data:
 * what toJSON returned (a URL is its href), class instances as their own properties, and Maps
 * as `{ "[Map]": [[key, value]] }`, whose string keys count as keys.
 */

export const REDACTED = "[REDACTED]";

/** Depth to which `extra` and `exc` are walked; deeper values are kept as they are. */
const MAX_DEPTH = 10;

/** Secrets recognisable by shape wherever they appear in a string. */
const VALUE_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // Telegram bot token; no \b before it: in API paths it follows "bot" directly.
  [/\d{6,12}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  [/(\/api\/webhooks\/\d+\/)[A-Za-z0-9._-]+/gi, `$1${REDACTED}`], // Discord webhook token
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]*:[^/\s@]+@/gi, `$1${REDACTED}@`], // user:password@ (or :password@) in a URL
];

/** How toSafeValue writes a Map: `{ "[Map]": [[key, value], ...] }`. */
const MAP_KEY = "[Map]";

/** The entries of a serialised Map, or undefined for any other object. */
function mapEntries(value: object): [unknown, unknown][] | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== MAP_KEY) return undefined;
  const entries: unknown = (value as Record<string, unknown>)[MAP_KEY];
  if (!Array.isArray(entries) || !entries.every((entry) => Array.isArray(entry) && entry.length === 2)) return undefined;
  return entries as [unknown, unknown][];
}

/** Cheap pre-check so ordinary strings skip the patterns. */
const MAYBE_SECRET = /bearer|basic|\d{6}:|webhooks|\/bot|:\/\/[^/\s]*@/i;

export interface Redactor {
  /** The message with secret-shaped values masked. */
  text(value: string): string;
  /** A copy of `extra` (or a serialised exception) with redacted keys and masked strings. */
  value(value: unknown): unknown;
}

/**
 * Compiles redaction paths: `"password"` (that key at any depth, any case), `"headers.authorization"`
 * (a path from the top of `extra`), `"*.token"` (`*` stands for any one key). Returns undefined
 * for an empty list: the log call then pays nothing.
 * @throws FlowlogConfigError for a path that is not a non-empty string of non-empty segments.
 */
export function compileRedactor(paths: readonly string[] | undefined): Redactor | undefined {
  if (paths === undefined || paths.length === 0) return undefined;
  const anywhere = new Set<string>();
  const rooted: string[][] = [];
  for (const path of paths) {
    if (typeof path !== "string" || path === "" || path.split(".").some((segment) => segment === "")) {
      throw new FlowlogConfigError([`redact: ${JSON.stringify(path)} is not a key path like "password" or "headers.authorization"`]);
    }
    const segments = path.toLowerCase().split(".");
    if (segments.length === 1 && segments[0] !== "*") anywhere.add(segments[0]);
    else rooted.push(segments);
  }

  /** Whether the key at `trail` (lower-cased keys from the root) is to be redacted. */
  const matches = (trail: readonly string[]): boolean => {
    if (anywhere.has(trail[trail.length - 1])) return true;
    return rooted.some((segments) => segments.length === trail.length && segments.every((s, i) => s === "*" || s === trail[i]));
  };

  const walk = (value: unknown, trail: string[], seen: WeakSet<object>): unknown => {
    if (typeof value === "string") return maskText(value);
    if (typeof value !== "object" || value === null || trail.length >= MAX_DEPTH || seen.has(value)) return value;
    const isArray = Array.isArray(value);
    const prototype = Object.getPrototypeOf(value);
    // Plain data only: class instances, Maps and the like keep their own shape (and serialiser).
    if (!isArray && prototype !== Object.prototype && prototype !== null) return value;
    seen.add(value);
    try {
      if (isArray) return value.map((item) => walk(item, trail, seen));
      const entries = mapEntries(value);
      if (entries !== undefined) return { [MAP_KEY]: entries.map(([key, item]) => [key, walkEntry(key, item, trail, seen)]) };
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        trail.push(key.toLowerCase());
        let item: unknown;
        try {
          item = matches(trail) ? REDACTED : walk((value as Record<string, unknown>)[key], trail, seen);
        } catch {
          item = REDACTED; // a getter that throws: nothing of it can be shown anyway
        }
        trail.pop();
        Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
      }
      return copy;
    } catch {
      return REDACTED; // a Proxy whose traps throw
    } finally {
      seen.delete(value);
    }
  };

  /** A Map entry's value: its key counts as a key when it is a string, as in an object. */
  const walkEntry = (key: unknown, item: unknown, trail: string[], seen: WeakSet<object>): unknown => {
    if (typeof key !== "string") return walk(item, trail, seen);
    trail.push(key.toLowerCase());
    try {
      return matches(trail) ? REDACTED : walk(item, trail, seen);
    } finally {
      trail.pop();
    }
  };

  return {
    text: maskText,
    value: (value) => walk(value, [], new WeakSet()),
  };
}

function maskText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let masked = text;
  for (const [pattern, replacement] of VALUE_PATTERNS) masked = masked.replace(pattern, replacement);
  return masked;
}
