/**
 * Secret scrubbing for every string that leaves a remote sink: error messages from undici and
 * nodemailer (which put URLs, and so tokens, in their messages), HTTP error bodies that echo the
 * request, and URLs shown in warnings.
 *
 * Replacement is literal (split/join, never a RegExp built from a secret), longest secret first,
 * so a secret that contains another is replaced whole.
 */

import { describeThrown } from "../core/describe-thrown.js";
import { MASK, maskUrl } from "../core/mask.js";

export { MASK };

/**
 * Secrets shorter than this are ignored: replacing "ab" everywhere would mangle every message
 * while protecting nothing (a real token, password or webhook token is far longer).
 */
export const MIN_SECRET_LENGTH = 4;

export interface SecretScrubberOptions {
  /**
   * `[user, secret]` pairs sent with HTTP Basic auth: the base64 of `user:secret` is a secret too
   * (Twilio's `AccountSid:AuthToken`). The secret alone is scrubbed as well.
   */
  readonly pairs?: readonly (readonly [string | undefined, string | undefined])[];
}

/**
 * Replaces every known secret, in every form it travels in, with `***`.
 *
 * @example
 * const scrubber = new SecretScrubber([botToken], { pairs: [[accountSid, authToken]] });
 * scrubber.scrub(`POST https://api.telegram.org/bot${botToken}/sendMessage`);
 * // "POST https://api.telegram.org/bot***\/sendMessage"
 */
export class SecretScrubber {
  /** Every form of every secret, longest first. */
  private readonly needles: readonly string[];
  /** The raw secrets, kept to build {@link withSecrets} copies. */
  private readonly secrets: readonly string[];
  private readonly pairs: readonly (readonly [string, string])[];

  constructor(secrets: readonly (string | undefined)[], options: SecretScrubberOptions = {}) {
    this.secrets = secrets.filter(isUsableSecret);
    this.pairs = (options.pairs ?? []).filter(
      (pair): pair is readonly [string, string] => typeof pair[0] === "string" && isUsableSecret(pair[1]),
    );
    const needles = new Set<string>();
    const addForms = (secret: string): void => {
      for (const form of encodedForms(secret)) if (form.length >= MIN_SECRET_LENGTH) needles.add(form);
    };
    for (const secret of this.secrets) addForms(secret);
    for (const [user, secret] of this.pairs) {
      addForms(secret);
      const basic = Buffer.from(`${user}:${secret}`, "utf8").toString("base64");
      needles.add(basic);
      // The same credential without padding, as some clients and logs print it.
      needles.add(basic.replace(/=+$/, ""));
    }
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  /** A scrubber that knows these secrets as well (an SMTP password added to a sink's tokens). */
  withSecrets(extra: readonly (string | undefined)[]): SecretScrubber {
    return new SecretScrubber([...this.secrets, ...extra], { pairs: this.pairs });
  }

  /** The text with every secret form replaced by `***`. */
  scrub(text: string): string {
    let out = String(text);
    for (const needle of this.needles) {
      if (out.includes(needle)) out = out.split(needle).join(MASK);
    }
    return out;
  }

  /**
   * One line describing a thrown value, scrubbed: core's `describeThrown` with `details`
   * (`Name: message (code X)`, then up to three `; cause: Name: message` links). Never throws,
   * whatever `err` is (getters that throw, Proxies, null).
   */
  scrubError(err: unknown): string {
    return this.scrub(describeThrown(err, { details: true }));
  }

  /**
   * A URL safe to show: {@link maskUrl} (origin, the path up to `webhooks`, then `***`), with
   * this scrubber's secrets replaced too should one sit in the host.
   */
  maskUrl(url: string): string {
    return this.scrub(maskUrl(url));
  }
}

function isUsableSecret(secret: string | undefined): secret is string {
  return typeof secret === "string" && secret.length >= MIN_SECRET_LENGTH;
}

/** The secret as it may appear: raw, percent-encoded (in a URL), JSON-escaped (in a body). */
function encodedForms(secret: string): string[] {
  const forms = [secret];
  const uri = encodeURIComponent(secret);
  if (uri !== secret) forms.push(uri);
  // encodeURI keeps ":" (a Telegram token in a path built with encodeURI).
  const uriLoose = encodeURI(secret);
  if (uriLoose !== secret && uriLoose !== uri) forms.push(uriLoose);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  if (form !== secret && form !== uri) forms.push(form);
  const json = JSON.stringify(secret).slice(1, -1);
  if (json !== secret) forms.push(json);
  return forms;
}
