import { FlowlogConfigError } from "../core/errors.js";
import { describeThrown } from "../core/describe-thrown.js";
import type { Serializer } from "../serialize/std-serializers.js";

/** The `serializers` option: a function per key of `extra`. */
export type Serializers = Readonly<Record<string, Serializer>>;

/**
 * Applies the serializers to the keys of `extra` they name, in the log call (the value as it is
 * at the call, like pino). Returns `extra` itself when no key has a serializer, a copy
 * otherwise; the caller's object is never changed. A serializer that throws leaves
 * "[Serializer threw: message]" in its key, never a throw into the caller.
 */
export function applySerializers(extra: Readonly<Record<string, unknown>>, serializers: Serializers): Readonly<Record<string, unknown>> {
  let copy: Record<string, unknown> | undefined;
  try {
    for (const key of Object.keys(serializers)) {
      if (!Object.prototype.hasOwnProperty.call(extra, key)) continue;
      copy ??= { ...extra };
      try {
        copy[key] = serializers[key](extra[key]);
      } catch (error) {
        copy[key] = `[Serializer threw: ${describeThrown(error)}]`;
      }
    }
  } catch (error) {
    // A hostile extra (a Proxy whose traps throw) still yields a record.
    return { "[Unserializable extra]": describeThrown(error) };
  }
  return copy ?? extra;
}

/**
 * The option as the logger keeps it: a frozen copy of its function-valued own keys (undefined
 * when there are none), so changing the object later changes nothing and a log call with no
 * serializers pays one undefined check. A value that is not a function is a FlowlogConfigError now,
 * not a throw at the first record.
 */
export function copySerializers(option: Readonly<Record<string, unknown>> | undefined): Serializers | undefined {
  if (option === undefined) return undefined;
  const copy: Record<string, Serializer> = {};
  for (const key of Object.keys(option)) {
    const serializer = option[key];
    if (typeof serializer !== "function") {
      throw new FlowlogConfigError([`options: serializers.${key}: expected a function (value) => unknown, got ${serializer === null ? "null" : typeof serializer}`]);
    }
    copy[key] = serializer as Serializer;
  }
  return Object.keys(copy).length === 0 ? undefined : Object.freeze(copy);
}
