/**
 * format/ is pure and stateless (issue 11, point 3): a formatter's output depends only on its
 * arguments, and nothing it remembers lives at module level, where every sink and logger in the
 * process would share it. A cache a formatter needs is an object the sink makes and passes in
 * (format/format-cache.ts). This spec reads every src/format/*.ts and fails on module-level
 * state, so the next cache cannot slip back in as a `let` at the top of a file.
 *
 * What counts as module-level state, and what to write instead:
 * - `let` or `var` at the top level: make it a field of FormatCache (or a class of its own
 *   that the runtime instantiates) and take it as an argument;
 * - a top-level `const` holding a Map, Set, array or object the code could change: declare it
 *   read-only (`ReadonlyMap`, `ReadonlySet`, `readonly T[]`, `Readonly<...>`, `as const`) or
 *   `Object.freeze` it, so the compiler refuses a change; a WeakMap or WeakSet is a cache,
 *   never allowed;
 * - a top-level regular expression with the `g` or `y` flag used with `.test`, `.exec` or
 *   `.lastIndex`: those carry `lastIndex` from one call to the next (`.replace` resets it);
 * - a `static` class field that is not `readonly`.
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseSync, type Expression, type ModuleItem, type TsType } from "@swc/core";

const FORMAT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/format");

/** Constructors whose instances change through their methods. */
const MUTABLE_COLLECTIONS = new Set(["Map", "Set", "Array"]);
const WEAK_COLLECTIONS = new Set(["WeakMap", "WeakSet", "WeakRef"]);
/** Type names that forbid changing what they hold. */
const READONLY_TYPES = new Set(["ReadonlyMap", "ReadonlySet", "ReadonlyArray", "Readonly"]);

/** What is wrong with one source file's top level, one line per finding ("" when nothing). */
function moduleStateIn(source: string): string[] {
  const findings: string[] = [];
  const statefulRegexes: string[] = [];
  for (const item of parseSync(source, { syntax: "typescript" }).body) {
    const declaration = declarationOf(item);
    if (declaration === undefined) continue;
    if (declaration.type === "ClassDeclaration") {
      for (const member of declaration.body) {
        if (member.type === "ClassProperty" && member.isStatic && !member.readonly) {
          findings.push(`static field ${nameOf(member.key)} of class ${declaration.identifier.value} is not readonly`);
        }
      }
      continue;
    }
    if (declaration.type !== "VariableDeclaration") continue;
    for (const declarator of declaration.declarations) {
      const name = declarator.id.type === "Identifier" ? declarator.id.value : "(pattern)";
      if (declaration.kind !== "const") {
        findings.push(`${declaration.kind} ${name} at module level`);
        continue;
      }
      const annotation = (declarator.id as { typeAnnotation?: { typeAnnotation: TsType } }).typeAnnotation?.typeAnnotation;
      const problem = mutableValue(declarator.init, annotation);
      if (problem !== undefined) findings.push(`const ${name} holds ${problem}`);
      if (declarator.init !== undefined && isStatefulRegex(declarator.init)) statefulRegexes.push(name);
    }
  }
  for (const name of statefulRegexes) {
    if (new RegExp(`\\b${name}\\.(test|exec|lastIndex)\\b`).test(source)) {
      findings.push(`regex ${name} has the g or y flag and is used with test/exec/lastIndex`);
    }
  }
  return findings;
}

function declarationOf(item: ModuleItem) {
  if (item.type === "VariableDeclaration" || item.type === "ClassDeclaration") return item;
  if (item.type === "ExportDeclaration") return item.declaration;
  return undefined;
}

/** Why `init` is state the code could change, or undefined when it cannot be. */
function mutableValue(init: Expression | undefined, annotation: TsType | undefined): string | undefined {
  if (init === undefined) return undefined;
  if (init.type === "TsAsExpression" && isConstAssertion(init.typeAnnotation)) return undefined;
  if (init.type === "TsConstAssertion") return undefined;
  if (isCall(init, "Object", "freeze")) return undefined;
  if (init.type === "NewExpression" && init.callee.type === "Identifier") {
    const made = init.callee.value;
    if (WEAK_COLLECTIONS.has(made)) return `a ${made}: a cache belongs in an object the runtime passes in`;
    if (MUTABLE_COLLECTIONS.has(made) && !isReadonlyType(annotation)) return `a ${made} not declared read-only`;
    return undefined;
  }
  const literal = init.type === "ArrayExpression" || init.type === "ObjectExpression" || isCall(init, "Array", "from");
  if (literal && !isReadonlyType(annotation)) return "an array or object not declared read-only (or frozen)";
  return undefined;
}

function isReadonlyType(type: TsType | undefined): boolean {
  if (type === undefined) return false;
  if (type.type === "TsTypeOperator") return type.op === "readonly";
  return type.type === "TsTypeReference" && type.typeName.type === "Identifier" && READONLY_TYPES.has(type.typeName.value);
}

function isConstAssertion(type: TsType): boolean {
  return type.type === "TsTypeReference" && type.typeName.type === "Identifier" && type.typeName.value === "const";
}

function isCall(expression: Expression, object: string, method: string): boolean {
  if (expression.type !== "CallExpression" || expression.callee.type !== "MemberExpression") return false;
  const callee = expression.callee;
  return callee.object.type === "Identifier" && callee.object.value === object && callee.property.type === "Identifier" && callee.property.value === method;
}

/** A regex literal or `new RegExp(..., flags)` whose flags hold g or y. */
function isStatefulRegex(init: Expression): boolean {
  if (init.type === "RegExpLiteral") return /[gy]/.test(init.flags);
  if (init.type !== "NewExpression" || init.callee.type !== "Identifier" || init.callee.value !== "RegExp") return false;
  const flags = init.arguments?.[1]?.expression;
  return flags !== undefined && flags.type === "StringLiteral" && /[gy]/.test(flags.value);
}

function nameOf(key: { type: string; value?: unknown }): string {
  return typeof key.value === "string" ? key.value : key.type;
}

describe("format/ keeps no module-level state", () => {
  const files = readdirSync(FORMAT_DIR).filter((name) => name.endsWith(".ts"));

  it("reads every file of src/format", () => {
    expect(files).to.include.members(["json.ts", "extra-json.ts", "time.ts", "index.ts"]);
  });

  for (const file of files) {
    it(`${file}: no let/var, no changeable collection, no stateful regex, no static field at module level`, () => {
      expect(moduleStateIn(readFileSync(path.join(FORMAT_DIR, file), "utf8"))).to.deep.equal([]);
    });
  }

  describe("the check itself finds what it must", () => {
    const planted: [string, string][] = [
      ["let last = '';", "let last at module level"],
      ["export let count = 0;", "let count at module level"],
      ["var seen = 0;", "var seen at module level"],
      ["const cache = new Map<string, string>();", "const cache holds a Map not declared read-only"],
      ["const seen = new Set<string>();", "const seen holds a Set not declared read-only"],
      ["const memo: ReadonlyMap<object, string> = new WeakMap();", "const memo holds a WeakMap: a cache belongs in an object the runtime passes in"],
      ["const list: string[] = [];", "const list holds an array or object not declared read-only (or frozen)"],
      ["const state = { last: '' };", "const state holds an array or object not declared read-only (or frozen)"],
      ["const SPACE = /\\s/g; export const f = (t: string) => SPACE.test(t);", "regex SPACE has the g or y flag and is used with test/exec/lastIndex"],
      ["const SPACE = new RegExp('\\\\s', 'y'); export const f = (t: string) => SPACE.exec(t);", "regex SPACE has the g or y flag and is used with test/exec/lastIndex"],
      ["export class Clock { static last = 0; }", "static field last of class Clock is not readonly"],
    ];
    for (const [source, finding] of planted) {
      it(`refuses: ${source}`, () => {
        expect(moduleStateIn(source)).to.deep.equal([finding]);
      });
    }

    const allowed = [
      "const TABLE: ReadonlyMap<string, string> = new Map([['a', 'b']]);",
      "const NAMES: readonly string[] = Array.from({ length: 3 }, String);",
      "const LIMITS = Object.freeze({ a: 1 });",
      "const CAPS = { a: 1 } as const;",
      "const SPACE = /\\s/g; export const f = (t: string) => t.replace(SPACE, ' ');",
      "export class FormatCache { second = 0; static readonly EMPTY = ''; }",
      "export function f() { let local = 0; local++; return local; }",
    ];
    for (const source of allowed) {
      it(`allows: ${source}`, () => {
        expect(moduleStateIn(source)).to.deep.equal([]);
      });
    }
  });
});
