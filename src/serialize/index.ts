/**
 * The safe serialisation layer: every value that reaches a log record (`extra`, `exc`) goes
 * through here, and nothing here throws. See each file for the representation it documents.
 */
export { DEFAULT_LIMITS, type SerializeLimits } from "./limits.js";
export { toSafeValue, type JsonValue } from "./safe-value.js";
export { serializeError } from "./error.js";
export { safeStringify, writeSafeStringify } from "./stringify.js";
export { JsonBytesOut } from "./json-bytes.js";
export type { JsonOut } from "./json-text.js";
export { stdSerializers, type Serializer } from "./std-serializers.js";
export { toIJson } from "./i-json.js";
