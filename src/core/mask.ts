/**
 * How a secret is shown: one mask, and one way to show a URL that may hold a credential. Config
 * (`maskConfig`, config errors) and io (scrubbed transport errors) both use these, so a fix to
 * the masking reaches every place a URL is shown.
 */

/** What a secret is replaced with. */
export const MASK = "***";

/**
 * A URL whose path may hold a credential, shown without it: the origin, the path up to a
 * `webhooks` segment, then `***` (`https://discord.com/api/webhooks/***`). No user info, no
 * query, no fragment; any other path is hidden whole (`https://api.telegram.org/***`). Not a URL
 * at all: `***`.
 */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return MASK;
  }
  if (url.origin === "null") return MASK;
  const segments = url.pathname.split("/").filter(Boolean);
  const hook = segments.indexOf("webhooks");
  const kept = hook === -1 ? [] : segments.slice(0, hook + 1);
  return [url.origin, ...kept, MASK].join("/");
}
