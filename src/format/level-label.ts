/**
 * Level names padded to the longest (SECURITY, CRITICAL: 8), built once so the text and
 * terminal formats align their columns without padding on every call.
 */
import { LEVEL_NAMES } from "../core/levels.js";
import { escapeControl } from "./escape.js";

export const LEVEL_WIDTH = 8;

const PADDED: ReadonlyMap<string, string> = new Map<string, string>(LEVEL_NAMES.map((name) => [name, name.padEnd(LEVEL_WIDTH)]));

/** The level name padded to LEVEL_WIDTH; a name that is not one of the nine is escaped first. */
export function paddedLevel(level: string): string {
  return PADDED.get(level) ?? escapeControl(String(level)).padEnd(LEVEL_WIDTH);
}
