import { Level, type LevelName } from "../../src/core/levels.js";
import type { LogRecord } from "../../src/core/record.js";

/** A frozen record whose `msg` ("m7") and `time` (7) name it, so failures print readably. */
export function record(id: number, level: LevelName = "INFO"): LogRecord {
  return Object.freeze({ time: id, level, levelno: Level[level], logger: "test", msg: `m${id}` });
}

/** The ids of records made by {@link record}, for exact order assertions. */
export function ids(records: readonly LogRecord[]): number[] {
  return records.map((r) => r.time);
}

/** A coalesced record standing for `count` logged records (what coalesceAlerts emits). */
export function coalesced(id: number, count: number, level: LevelName = "ERROR"): LogRecord {
  return Object.freeze({ ...record(id, level), repeated: Object.freeze({ count, since: 0 }) });
}
