import { serializeError } from "./error.js";
import { isIncomingMessage, isServerResponse, serializeRequest, serializeResponse } from "./http.js";

/** A serializer: the value of one `extra` key to what the record keeps (like pino's serializers). */
export type Serializer = (value: unknown) => unknown;

/**
 * The built-in serializers, for a `serializers` option under other keys
 * (`serializers: { request: stdSerializers.req }`) or to compose with your own. flowlog already
 * applies them by class wherever an IncomingMessage, ServerResponse or Error appears in
 * `extra`. A value of another kind is returned as it is.
 */
export const stdSerializers = Object.freeze({
  req: ((value) => (isIncomingMessage(value) ? serializeRequest(value) : value)) as Serializer,
  res: ((value) => (isServerResponse(value) ? serializeResponse(value) : value)) as Serializer,
  err: ((value) => serializeError(value)) as Serializer,
});
