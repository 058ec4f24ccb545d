import * as t from "io-ts";
import { isLeft } from "fp-ts/lib/Either.js";
import { drawErrors, dottedPath } from "../../src/config/report.js";

/**
 * Decodes `{ [key]: value }` with `codec` under `key`, and returns `{ right }` or the rendered
 * lines `{ left }` ("test: key: expected ..., got ..."), so tables can compare exact text.
 */
export function decodeUnder(key: string, codec: t.Mixed, value: unknown): { right: unknown } | { left: string[] } {
  const result = t.type({ [key]: codec }).decode({ [key]: value });
  if (isLeft(result)) return { left: drawErrors(result.left, "test", dottedPath) };
  return { right: (result.right as Record<string, unknown>)[key] };
}
