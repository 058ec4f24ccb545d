/**
 * Records and hostile-input generators shared by the format specs.
 */
import fc from "fast-check";
import { Level, LEVEL_NAMES, type LevelName } from "../../src/core/levels.js";
import type { LogRecord, SerializedError } from "../../src/core/record.js";

/** 2026-11-24T09:12:54.123Z, the product page's example time. */
export const T0 = Date.UTC(2026, 10, 24, 9, 12, 54, 123);

/** A record like the product page's example, with fields replaced by `overrides`. */
export function rec(overrides: Partial<LogRecord> = {}): LogRecord {
  const level: LevelName = overrides.level ?? "ERROR";
  return {
    time: T0,
    level,
    levelno: Level[level],
    logger: "myapp",
    msg: "Database query timed out",
    ...overrides,
  };
}

/** A small exception: TypeError "boom" with two frames. */
export const BOOM: SerializedError = {
  type: "TypeError",
  message: "boom",
  stack: "TypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)",
};

/** Pieces attackers use against logs: terminal escapes, forged lines, formulas, markup. */
export const HOSTILE_PIECES: readonly string[] = [
  "\x1b[2J", "\x1b]0;title\x07", "\x1b[1A", "\x1b[31m", "\x9b", "\x85", "\x07", "\b", "\x00", "\x7f",
  "\u202e", "\u2066", "\u200f", "\u061c", "\u2028", "\u2029",
  "\n", "\r", "\r\n", "\t", " ", "\u00a0", "\u3000",
  "ok\n2025-01-01T00:00:00Z ERROR forged",
  "=cmd|' /C calc'!A0", "+1", "-5", "@everyone", "@SUM(A1)", "\t=1", " =1", "\u00a0=1", "\n=1",
  '"', ",", "'", "\\", "\\x1b",
  "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;", "[click](http://evil)",
  "http://evil.example", "www.evil.example", "a@b.example", "*bold* _x_", "`code`", "```", "~~~",
  "| pipe", "### heading", "> quote", "- item", "1. item", "---", "</details>", "<br>",
  "\ud800", "\udfff", "\ud83d\ude00", "\ud83d", "\ude00", "é", "漢",
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const anyCodePoint = fc.string({ unit: "binary", minLength: 1, maxLength: 1 });
const lowByte = fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 });

/** Strings mixing any code point, C0/C1 bytes, lone surrogates and the hostile pieces. */
export const hostileText: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(anyCodePoint, lowByte, loneSurrogate, fc.constantFrom(...HOSTILE_PIECES)),
  maxLength: 24,
});

/** Values a caller may put in `extra`, including the ones JSON.stringify chokes on. */
const awkwardValue: fc.Arbitrary<unknown> = fc.constantFrom(
  () => 10n,
  () => {
    const self: Record<string, unknown> = { a: 1 };
    self.self = self;
    return self;
  },
  () => ({
    get boom(): never {
      throw new Error("getter \x1b[2J");
    },
  }),
  () => ({ toJSON: () => { throw new Error("toJSON"); } }),
  () => Symbol("s\u202e"),
  () => () => 1,
  () => undefined,
  () => new Error("inner\n\x1b[2J"),
  () => new Map([["k\n", "v\r"]]),
  () => NaN,
).map((make) => make());

const extraValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    awkwardValue,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(hostileText, tie("value"), { maxKeys: 3 }),
  ),
})).value;

export const hostileExtra: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(hostileText, extraValue, { maxKeys: 5 });

const hostileStack = fc.oneof(
  hostileText,
  fc.array(hostileText, { maxLength: 4 }).map((lines) => ["Error: x", ...lines.map((l) => `    at ${l}`)].join("\n")),
);

export const hostileError: fc.Arbitrary<SerializedError> = fc.letrec<{ error: SerializedError }>((tie) => ({
  error: fc.record(
    {
      type: hostileText,
      message: hostileText,
      stack: hostileStack,
      fields: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
      cause: fc.oneof({ depthSize: "small" }, fc.constant(undefined), tie("error")),
      errors: fc.oneof({ depthSize: "small" }, fc.constant(undefined), fc.array(tie("error"), { maxLength: 2 })),
    },
    { requiredKeys: ["type", "message"] },
  ) as fc.Arbitrary<SerializedError>,
})).error;

/**
 * Times where the text changes shape: the first and last milliseconds of four-digit years (the
 * encoders copy those from bytes, others take the string path), fractions (truncated toward
 * zero, as Date does) and times before 1970.
 */
export const EDGE_TIMES: readonly number[] = Object.freeze([
  -62_167_219_200_000, -62_167_219_200_000.5, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_799_999.5,
  253_402_300_800_000, -1, -0.5, 0, 0.5, -999.9, 1_000.999,
]);

/** A common record (an extra, no exception) at each EDGE_TIMES time, a second after each, and at seconds that follow each other. */
export function edgeTimeRecords(): LogRecord[] {
  const times = [...EDGE_TIMES, ...EDGE_TIMES.map((time) => time + 1000), 1_700_000_000_999, 1_700_000_001_000, 1_700_000_000_998];
  return times.map((time) => rec({ time, extra: { route: "/api/items", n: 1 } }));
}

const recordTime = fc.oneof(
  fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
  fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1, ...EDGE_TIMES),
);

/** Whole records with hostile text everywhere the user controls it. */
export const hostileRecord: fc.Arbitrary<LogRecord> = fc
  .record(
    {
      time: recordTime,
      level: fc.constantFrom(...LEVEL_NAMES),
      logger: hostileText,
      msg: hostileText,
      extra: hostileExtra,
      exc: hostileError,
    },
    { requiredKeys: ["time", "level", "logger", "msg"] },
  )
  .map((r) => ({ ...r, levelno: Level[r.level] }) as LogRecord);

/** Characters that must never reach a terminal or text file raw from user data (LF excepted). */
export const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** True when `text` has no lone surrogate (encodes to valid UTF-8). */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

export const PROPERTY_RUNS = 1000;

/** What a record encoder writes for `record` into a buffer of `size` bytes at `offset` (as text), or null for -1. */
export function encodedBy(
  encode: (record: LogRecord, buffer: Buffer, offset: number) => number,
  record: LogRecord,
  size = 4096,
  offset = 0,
): string | null {
  const buffer = Buffer.alloc(size, 0x7e);
  const bytes = encode(record, buffer, offset);
  return bytes < 0 ? null : buffer.subarray(offset, offset + bytes).toString("utf8");
}
