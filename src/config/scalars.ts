import type * as t from "io-ts";
import { accepting, type Accepts, type InputOf } from "./accepts.js";
import { tryFacilityCode } from "../core/syslog-facilities.js";
import { describeKind, describeValue, fail, succeed } from "./validation.js";
import { lazyCodec } from "./lazy-codec.js";
import { ioTs } from "./lazy-packages.js";

/*
 * The leaf codecs of the schema. Every one accepts what a YAML/JSON file or code gives
 * (booleans, numbers, lists) and what an environment variable gives (a string), so one codec
 * decodes a key in every layer. Each yields a plain value, so decoding its own output succeeds
 * (the merged config is decoded once more against the full codec).
 */

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

function scalar<A>(name: string, is: (u: unknown) => u is A, validate: t.Validate<unknown, A>): t.Type<A, A, unknown> {
  return lazyCodec(() => new (ioTs().Type)<A, A, unknown>(name, is, validate, ioTs().identity));
}

/**
 * Makes a leaf optional: absent, `null` (a YAML key left empty) and `""` (an empty variable,
 * or a template's `webhook_url: ""`) all decode to `undefined`, which means "not set here".
 */
export function optional<C extends t.Type<any, any, unknown>>(
  codec: C,
): t.Type<t.TypeOf<C> | undefined, t.TypeOf<C> | undefined, unknown> & Accepts<InputOf<C> | undefined> {
  type A = t.TypeOf<C>;
  const decoded = lazyCodec(() => new (ioTs().Type)<A | undefined, A | undefined, unknown>(
    `optional(${codec.name})`,
    (u): u is A | undefined => u === undefined || codec.is(u),
    (u, c) => (u === undefined || u === null || u === "" ? succeed(undefined) : codec.validate(u, c)),
    ioTs().identity,
  ));
  return accepting<InputOf<C> | undefined>()(decoded);
}

// -------------------------------------------------------------------------------------
// booleans
// -------------------------------------------------------------------------------------

const TRUE_WORDS = ["true", "yes", "1"];
const FALSE_WORDS = ["false", "no", "0"];

function booleanWord(u: unknown): boolean | undefined {
  if (typeof u === "boolean") return u;
  if (u === 1 || u === 0) return u === 1;
  if (typeof u !== "string") return undefined;
  const word = u.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return undefined;
}

/** `true`/`false`, or (any case) "true"/"false", "yes"/"no", "1"/"0". */
export const BooleanFromWord = scalar<boolean>(
  "BooleanFromWord",
  (u): u is boolean => typeof u === "boolean",
  (u, c) => {
    const value = booleanWord(u);
    return value === undefined ? fail(u, c, "expected a boolean (true/false, yes/no or 1/0)") : succeed(value);
  },
);

export type Colors = boolean | "auto";

/** The terminal's `colors`: a boolean (as above) or "auto" (TTY, NO_COLOR, FORCE_COLOR decide). */
export const Colors = scalar<Colors>(
  "Colors",
  (u): u is Colors => typeof u === "boolean" || u === "auto",
  (u, c) => {
    if (typeof u === "string" && u.trim().toLowerCase() === "auto") return succeed("auto");
    const value = booleanWord(u);
    return value === undefined ? fail(u, c, 'expected true, false or "auto"') : succeed(value);
  },
);

// -------------------------------------------------------------------------------------
// integers
// -------------------------------------------------------------------------------------

/** Integers given as numbers or as strings of digits ("10485760"); no units, no signs, no exponents. */
function integerInRange(name: string, min: number, max: number, expected: string): t.Type<number, number, unknown> {
  const inRange = (n: number) => Number.isSafeInteger(n) && n >= min && n <= max;
  return scalar<number>(
    name,
    (u): u is number => typeof u === "number" && inRange(u),
    (u, c) => {
      const n = typeof u === "number" ? u : typeof u === "string" && /^\s*\d+\s*$/.test(u) ? Number(u) : NaN;
      return inRange(n) ? succeed(n) : fail(u, c, expected);
    },
  );
}

export const NonNegativeInteger = integerInRange(
  "NonNegativeInteger",
  0,
  Number.MAX_SAFE_INTEGER,
  "expected a non-negative integer",
);
export const PositiveInteger = integerInRange("PositiveInteger", 1, Number.MAX_SAFE_INTEGER, "expected a positive integer");
export const Port = integerInRange("Port", 1, 65535, "expected a port number (1..65535)");

// -------------------------------------------------------------------------------------
// strings
// -------------------------------------------------------------------------------------

/** A string with something other than spaces in it, kept as given. */
export function nonEmptyString(name: string, expected: string): t.Type<string, string, unknown> {
  return scalar<string>(
    name,
    (u): u is string => typeof u === "string" && u.trim() !== "",
    (u, c) => (typeof u === "string" && u.trim() !== "" ? succeed(u) : fail(u, c, expected)),
  );
}

export const Text = nonEmptyString("Text", "expected a non-empty string");
export const FilePath = nonEmptyString("FilePath", "expected a file path (a non-empty string)");
export const HostName = nonEmptyString("HostName", "expected a host name");

/** A credential that cannot hold spaces (bot and auth tokens): a pasted line break is an error. */
export const Token = scalar<string>(
  "Token",
  (u): u is string => typeof u === "string" && /^\S+$/.test(u),
  (u, c) => {
    if (typeof u !== "string") return fail(u, c, "expected a token (a string without spaces)");
    const trimmed = u.trim();
    return /^\S+$/.test(trimmed)
      ? succeed(trimmed)
      : fail(u, c, "expected a token (a string without spaces)", { hiddenGot: "a value that contains spaces" });
  },
);

const URL_EXPECTED = "expected an http(s) URL";

/** An absolute http: or https: URL, checked with `new URL`, kept as given (trimmed). */
export const HttpUrl = scalar<string>(
  "HttpUrl",
  (u): u is string => typeof u === "string" && isHttpUrl(u),
  (u, c) => {
    if (typeof u !== "string") return fail(u, c, URL_EXPECTED);
    const trimmed = u.trim();
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return fail(u, c, URL_EXPECTED, { hiddenGot: "a value that is not a valid URL" });
    }
    // The protocol of a garbled secret may be part of the secret: say only that it is wrong.
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return fail(u, c, URL_EXPECTED, { hiddenGot: "a URL that is not http or https" });
    }
    return succeed(trimmed);
  },
);

function isHttpUrl(u: string): boolean {
  try {
    const { protocol } = new URL(u);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** A Telegram chat id: an integer (groups are negative) or a string (`@channel`), held as a string. */
export const ChatId = accepting<string | number>()(scalar<string>(
  "ChatId",
  (u): u is string => typeof u === "string" && u.trim() !== "",
  (u, c) => {
    if (typeof u === "number" && Number.isSafeInteger(u)) return succeed(String(u));
    if (typeof u === "string" && u.trim() !== "") return succeed(u.trim());
    return fail(u, c, "expected a chat id (an integer or a non-empty string)");
  },
));

const E164 = /^\+[1-9]\d{1,14}$/;

/** A phone number in E.164 form (`+14155550100`), without the `whatsapp:` prefix the sink adds. */
export const PhoneNumber = scalar<string>(
  "PhoneNumber",
  (u): u is string => typeof u === "string" && E164.test(u),
  (u, c) =>
    typeof u === "string" && E164.test(u.trim())
      ? succeed(u.trim())
      : fail(u, c, "expected an E.164 phone number (+ and up to 15 digits, like +14155550100)"),
);

const BARE_ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;
const NAMED_ADDRESS = /^[^<>]*<[^\s@<>,;"]+@[^\s@<>,;"]+>$/;

function isEmailAddress(s: string): boolean {
  return BARE_ADDRESS.test(s) || NAMED_ADDRESS.test(s);
}

const ADDRESS_EXPECTED = 'expected an email address (ops@example.com or "Ops <ops@example.com>")';

/** One address, bare or with a display name. */
export const EmailAddress = scalar<string>(
  "EmailAddress",
  (u): u is string => typeof u === "string" && isEmailAddress(u),
  (u, c) =>
    typeof u === "string" && isEmailAddress(u.trim()) ? succeed(u.trim()) : fail(u, c, ADDRESS_EXPECTED),
);

const LIST_EXPECTED = "expected a list of email addresses (a list, or a comma-separated string)";

/**
 * A list of addresses: a YAML/JSON list, or one comma-separated string (how the environment
 * gives it; blank items are skipped). Always a fresh array, so the caller's list is never frozen.
 */
export const EmailAddressList = accepting<readonly string[] | string>()(scalar<string[]>(
  "EmailAddressList",
  (u): u is string[] => Array.isArray(u) && u.every((item) => typeof item === "string" && isEmailAddress(item)),
  (u, c) => {
    const fromString = typeof u === "string";
    const items: unknown[] | undefined = fromString ? u.split(",") : Array.isArray(u) ? u : undefined;
    if (items === undefined) return fail(u, c, LIST_EXPECTED);
    const addresses: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const trimmed = typeof item === "string" ? item.trim() : undefined;
      if (fromString && trimmed === "") continue;
      if (trimmed === undefined || !isEmailAddress(trimmed)) {
        return fail(u, c, "expected every item to be an email address", { got: `${describeValue(trimmed ?? item)} (item ${i + 1})` });
      }
      addresses.push(trimmed);
    }
    return succeed(addresses);
  },
));

// -------------------------------------------------------------------------------------
// syslog
// -------------------------------------------------------------------------------------

export type SyslogProtocol = "udp" | "tcp" | "tls";
const SYSLOG_PROTOCOLS: readonly string[] = ["udp", "tcp", "tls"];

/** The syslog sink's transport: "udp", "tcp" or "tls" (any case). */
export const SyslogProtocol = scalar<SyslogProtocol>(
  "SyslogProtocol",
  (u): u is SyslogProtocol => typeof u === "string" && SYSLOG_PROTOCOLS.includes(u),
  (u, c) => {
    const word = typeof u === "string" ? u.trim().toLowerCase() : undefined;
    return word !== undefined && SYSLOG_PROTOCOLS.includes(word) ? succeed(word as SyslogProtocol) : fail(u, c, 'expected "udp", "tcp" or "tls"');
  },
);

/** A syslog facility by name (local0, auth, ...) or code 0..23, decoded to its code. */
export const SyslogFacility = accepting<string | number>()(scalar<number>(
  "SyslogFacility",
  (u): u is number => typeof u === "number" && tryFacilityCode(u) !== undefined,
  (u, c) => {
    const code = tryFacilityCode(u);
    return code === undefined ? fail(u, c, "expected a syslog facility (local0..local7, user, daemon, auth, ... or 0..23)") : succeed(code);
  },
));

// -------------------------------------------------------------------------------------
// otlp
// -------------------------------------------------------------------------------------

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value: no CR, LF or NUL (they would split or end the header). */
const HEADER_VALUE = /^[^\r\n\0]*$/;
const HEADERS_EXPECTED = 'expected headers: a mapping of names to strings, or "name=value,name2=value2"';

/**
 * Request headers (`sinks.otlp.headers`): a mapping of header names to string values, or, from an
 * environment variable, `name=value,name2=value2` as OTEL_EXPORTER_OTLP_HEADERS writes them
 * (values percent-decoded). Values are secrets: a failure never shows one.
 */
export const HeaderMap = accepting<Readonly<Record<string, string>> | string>()(scalar<Record<string, string>>(
  "HeaderMap",
  (u): u is Record<string, string> =>
    typeof u === "object" && u !== null && !Array.isArray(u) && Object.entries(u).every(([k, v]) => HEADER_NAME.test(k) && typeof v === "string" && HEADER_VALUE.test(v)),
  (u, c) => {
    const entries = typeof u === "string" ? headerPairs(u) : typeof u === "object" && u !== null && !Array.isArray(u) ? Object.entries(u) : undefined;
    if (entries === undefined) return fail(u, c, HEADERS_EXPECTED, { hiddenGot: describeKind(u) });
    const headers: Record<string, string> = Object.create(null);
    for (const [name, value] of entries) {
      if (!HEADER_NAME.test(name)) return fail(u, c, HEADERS_EXPECTED, { hiddenGot: "a header name that is not a token" });
      if (typeof value !== "string" || !HEADER_VALUE.test(value)) {
        return fail(u, c, HEADERS_EXPECTED, { hiddenGot: `a value of ${showHeader(name)} that is not a one-line string` });
      }
      headers[name] = value;
    }
    return succeed({ ...headers });
  },
));

/** `a=1, b=x%3Dy` as entries; undefined when a pair has no `=`. */
function headerPairs(text: string): [string, unknown][] | undefined {
  const pairs: [string, unknown][] = [];
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // Not percent-encoded after all: kept as written.
    }
    pairs.push([part.slice(0, eq).trim(), value]);
  }
  return pairs;
}

/** A header name is not secret, but keep the message short and printable. */
function showHeader(name: string): string {
  return HEADER_NAME.test(name) && name.length <= 40 ? name : "a header";
}
