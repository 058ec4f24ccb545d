/**
 * Caps that keep turning one log record into JSON bounded in time and size, whatever the
 * caller puts in `extra` or throws. Serialisation runs for every record, so a 10 MB string,
 * a million-key object or a 10,000-level chain must cost about as much as a small one.
 * Everything cut is replaced by a readable marker, never dropped silently.
 *
 * | cap              | default   | what happens past it                                                     |
 * | ---------------- | --------- | ------------------------------------------------------------------------ |
 * | `maxDepth`       | 10        | an object, array, Map, Set or Error at depth 10 becomes `"[Depth]"`      |
 * | `maxKeys`        | 1000      | the first 1000 keys are kept, then key `"…"` with value `"[+N keys]"`    |
 * | `maxArrayLength` | 1000      | the first 1000 items are kept, then the item `"[+N items]"`              |
 * | `maxStringLength`| 1,000,000 | the first 1,000,000 UTF-16 units are kept, then `"…[+N chars]"`          |
 * | `maxCauseDepth`  | 10        | the 10th `cause` link becomes `{type:"[Depth]", message:"cause chain cut at depth 10"}` |
 *
 * Depths count from 0: the value given is depth 0, its properties depth 1, so with the
 * default the marker sits at the end of a path of 10 keys. Leaves (strings, numbers, Dates,
 * RegExps, typed arrays...) are never replaced by `"[Depth]"`: only containers are. The same
 * goes for causes: the error given is link 0, so a chain is cut after 10 errors.
 *
 * `maxKeys` counts string keys, then symbol keys. When the string keys alone fill the cap the
 * symbol keys are not read at all, and N in "[+N keys]" counts the string keys left out.
 * `maxDepth` and `maxCauseDepth` above MAX_DEPTH_CEILING (1000) are lowered to it.
 */
export interface SerializeLimits {
  /** Containers at this depth (0 = the value itself) become "[Depth]". It also bounds recursion. */
  readonly maxDepth: number;
  /** Own enumerable keys (string and symbol) kept per object; the rest are counted in a "…" key. */
  readonly maxKeys: number;
  /** Items kept per array, Map, Set or AggregateError; the rest are counted in a last item. */
  readonly maxArrayLength: number;
  /** UTF-16 code units kept per string (values, keys, messages, stacks). */
  readonly maxStringLength: number;
  /** `cause` links (and AggregateError members) followed before a "[Depth]" marker error. */
  readonly maxCauseDepth: number;
}

/** The caps flowlog uses unless told otherwise (the README quotes these numbers). */
export const DEFAULT_LIMITS: SerializeLimits = Object.freeze({
  maxDepth: 10,
  maxKeys: 1000,
  maxArrayLength: 1000,
  maxStringLength: 1_000_000,
  maxCauseDepth: 10,
});

/**
 * Depth caps above this are lowered to it: the depth caps are what bound recursion, and a
 * caller's `maxDepth: Infinity` must not turn a deep value into a stack overflow.
 */
export const MAX_DEPTH_CEILING = 1000;

/**
 * The limits to use for one call: DEFAULT_LIMITS when none are given, otherwise each field
 * that is a non-negative number (floored), falling back to the default field by field.
 * Never throws, even for a hostile `limits` object; the default case allocates nothing.
 */
export function resolveLimits(limits: SerializeLimits | undefined): SerializeLimits {
  if (limits === undefined || limits === DEFAULT_LIMITS) return DEFAULT_LIMITS;
  try {
    return {
      maxDepth: Math.min(field(limits.maxDepth, DEFAULT_LIMITS.maxDepth), MAX_DEPTH_CEILING),
      maxKeys: field(limits.maxKeys, DEFAULT_LIMITS.maxKeys),
      maxArrayLength: field(limits.maxArrayLength, DEFAULT_LIMITS.maxArrayLength),
      maxStringLength: field(limits.maxStringLength, DEFAULT_LIMITS.maxStringLength),
      maxCauseDepth: Math.min(field(limits.maxCauseDepth, DEFAULT_LIMITS.maxCauseDepth), MAX_DEPTH_CEILING),
    };
  } catch {
    return DEFAULT_LIMITS;
  }
}

function field(given: unknown, fallback: number): number {
  return typeof given === "number" && given >= 0 ? Math.floor(given) : fallback;
}
