/**
 * The readable form of a serialised exception, shared by the text, terminal and markdown
 * formats so a stack trace looks the same everywhere.
 *
 * ```
 * TypeError: boom {"code":"E_BOOM"}
 * | second line of the message
 *     at handler (app.js:10:5)
 *     [1/2] Error: a member of an AggregateError
 *         at ...
 * Caused by: Error: the cause
 *     at ...
 * ```
 *
 * Every line starts with the caller's `indent`; the text format passes four spaces so that an
 * exception can never put anything at column 0, where only record lines begin. Stack frames
 * are re-indented under their header, members of an AggregateError one step further, and the
 * cause chain stays at the same depth. All of it is user data and goes through escapeControl.
 */
import type { SerializedError } from "../core/record.js";
import { safeStringify } from "../serialize/index.js";
import { escapeControl, escapeControlLines } from "./escape.js";

/** How deep causes and members are followed before the rest is summarised. */
const MAX_DEPTH = 16;

/** Where V8's header (`Name: message`, possibly several lines) ends and its frames begin. */
const FIRST_FRAME = /\n[ \t]+at /;

/** The exception as lines, each starting with `indent` and ending with "\n". */
export function renderException(exc: SerializedError, indent: string): string {
  return renderAt(exc, indent, "", 0);
}

function renderAt(exc: SerializedError, indent: string, label: string, depth: number): string {
  if (depth >= MAX_DEPTH) return `${indent}${label}… (deeper exceptions omitted)\n`;
  const type = String(exc.type);
  const message = String(exc.message);
  let out = indent + label + escapeControl(type);
  if (message !== "") out += `: ${escapeControlLines(message, `\n${indent}| `)}`;
  if (exc.fields !== undefined && hasKeys(exc.fields)) out += ` ${escapeControl(safeStringify(exc.fields))}`;
  out += "\n";
  if (typeof exc.stack === "string") out += renderFrames(frameText(exc.stack, type, message), `${indent}    `);
  if (exc.errors !== undefined) {
    const count = exc.errors.length;
    for (let i = 0; i < count; i++) {
      out += renderAt(exc.errors[i], `${indent}    `, `[${i + 1}/${count}] `, depth + 1);
    }
  }
  if (exc.cause !== undefined) out += renderAt(exc.cause, indent, "Caused by: ", depth + 1);
  return out;
}

/** The stack without the header line(s) that repeat the type and message already printed. */
function frameText(stack: string, type: string, message: string): string {
  const frame = FIRST_FRAME.exec(stack);
  if (frame !== null) return stack.slice(frame.index + 1);
  const header = message === "" ? type : `${type}: ${message}`;
  return stack.startsWith(header) ? stack.slice(header.length) : stack;
}

/** One line per frame, trimmed of the stack's own indentation and given ours. */
function renderFrames(frames: string, indent: string): string {
  let out = "";
  let start = 0;
  while (start <= frames.length) {
    let end = frames.indexOf("\n", start);
    if (end === -1) end = frames.length;
    const line = frames.slice(start, end).trim();
    if (line !== "") out += `${indent}${escapeControl(line)}\n`;
    start = end + 1;
  }
  return out;
}

function hasKeys(fields: object): boolean {
  for (const key in fields) if (Object.prototype.hasOwnProperty.call(fields, key)) return true;
  return false;
}
