import type { KeyTree } from "./schema.js";

/*
 * Checks on a raw layer that decoding cannot make, because `t.exact` silently drops what it
 * does not know: keys that could reach a prototype, unknown keys, and objects that are not
 * plain. Walks own keys only (JSON.parse and js-yaml make `"__proto__"` an own key), and never
 * assigns, so a hostile layer cannot touch Object.prototype.
 */

/** Keys that are rejected at any depth of any layer. */
export const FORBIDDEN_KEYS: readonly string[] = Object.freeze(["__proto__", "constructor", "prototype"]);

export interface UnknownKey {
  readonly path: readonly string[];
  /** The known keys at that level, for a suggestion or a list. */
  readonly known: readonly string[];
}

export interface ScanResult {
  /** Paths ending in a forbidden key. */
  readonly forbidden: readonly (readonly string[])[];
  /** Paths where the schema wants a mapping and finds an object with another prototype. */
  readonly notPlain: readonly (readonly string[])[];
  readonly unknown: readonly UnknownKey[];
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function ownStringKeys(value: object): string[] {
  return Reflect.ownKeys(value).filter((key): key is string => typeof key === "string");
}

/** Every path, at any depth (through lists too), that ends in a forbidden key. */
function findForbidden(value: unknown, path: readonly string[], seen: Set<object>, out: string[][]): void {
  if (!isObject(value) || seen.has(value)) return;
  seen.add(value);
  for (const key of ownStringKeys(value)) {
    const keyPath = [...path, key];
    if (FORBIDDEN_KEYS.includes(key)) {
      out.push(keyPath);
      continue;
    }
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && "value" in descriptor) findForbidden(descriptor.value, keyPath, seen, out);
  }
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Walks the layer along the schema: keys it does not know, and mappings that are not plain. */
function findUnknown(value: unknown, tree: KeyTree, path: readonly string[], result: { notPlain: string[][]; unknown: UnknownKey[] }): void {
  if (!isObject(value) || Array.isArray(value)) return; // the decoder reports the wrong type
  if (!isPlain(value)) {
    result.notPlain.push([...path]);
    return;
  }
  const known = Object.keys(tree);
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.includes(key)) continue; // reported as forbidden
    if (!Object.prototype.hasOwnProperty.call(tree, key)) {
      result.unknown.push({ path: [...path, key], known });
      continue;
    }
    const child = tree[key];
    if (child !== null) findUnknown((value as Record<string, unknown>)[key], child, [...path, key], result);
  }
}

/** Scans a raw layer (parsed file, mapped variables, or the code object) against the schema. */
export function scanLayer(value: unknown, tree: KeyTree): ScanResult {
  const forbidden: string[][] = [];
  findForbidden(value, [], new Set(), forbidden);
  const result = { notPlain: [] as string[][], unknown: [] as UnknownKey[] };
  findUnknown(value, tree, [], result);
  return { forbidden, ...result };
}
