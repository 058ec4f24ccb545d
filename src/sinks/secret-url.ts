import { FlowlogSinkError } from "../core/errors.js";

/** Parses a URL that holds a secret without ever putting the URL in an error message. */
export function parseSecretUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FlowlogSinkError(`${what} is not a valid URL (value not shown: it holds a secret)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new FlowlogSinkError(`${what} must be an http or https URL (value not shown: it holds a secret)`);
  }
  return url;
}
