import { inspect } from "node:util";
import { MASK, maskUrl } from "../core/mask.js";
import type { FlowlogConfig } from "./codecs.js";
import type { ResolvedConfig } from "./requirements.js";

export { maskUrl };

/**
 * Secrets: the values of these keys (and anything under them) never appear in an error, a
 * warning, `maskConfig`'s output, `JSON.stringify`, `String()` or `util.inspect` of a loaded
 * config.
 */
export const SECRET_KEYS: readonly string[] = Object.freeze(["webhook_url", "bot_token", "password", "auth_token", "headers"]);

/** True when a key path goes through a secret key. */
export function isSecretPath(path: readonly string[]): boolean {
  return path.some((segment) => SECRET_KEYS.includes(segment));
}

function maskSecret(key: string, value: unknown): unknown {
  if (value === undefined) return undefined;
  return key === "webhook_url" && typeof value === "string" ? maskUrl(value) : MASK;
}

/** A deep, plain copy of a config node with every secret masked (by key, at any depth). */
function maskNode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskNode);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    copy[key] = SECRET_KEYS.includes(key) ? maskSecret(key, child) : maskNode(child);
  }
  return copy;
}

/**
 * The config as `logger.config` shows it: same shape, every secret `"***"` (a webhook URL keeps
 * its host), and `logger_name` always set: the logger's name.
 */
export type MaskedFlowlogConfig = ResolvedConfig & { readonly logger_name: string };

/**
 * A deep plain copy of the config with every set secret replaced by `"***"` (the webhook URL
 * by `https://host/.../webhooks/***`); unset secrets stay `undefined`. The copy is neither
 * frozen nor protected: it holds nothing to protect.
 */
export function maskConfig<C extends FlowlogConfig>(config: C): C {
  // Same shape: a set secret stays a string ("***"), an unset one stays undefined.
  return maskNode(config) as C;
}

/**
 * Deep-freezes a freshly decoded config and gives every object in it non-enumerable
 * `toJSON`, `toString` and `util.inspect.custom` methods that render the masked copy, so
 * logging or serialising the config (or any sink section of it) by mistake leaks nothing.
 * Property access still gives the real values: that is what the sinks need.
 */
export function protectConfig<A extends object>(config: A): A {
  protectNode(config);
  return config;
}

function protectNode(node: object): void {
  if (Object.isFrozen(node)) return;
  if (!Array.isArray(node)) {
    const hidden = (value: unknown): PropertyDescriptor => ({ value, enumerable: false, writable: false, configurable: false });
    Object.defineProperties(node, {
      toJSON: hidden(function toJSON(this: object) {
        return maskNode(this);
      }),
      toString: hidden(function toString(this: object) {
        return JSON.stringify(maskNode(this));
      }),
      [inspect.custom]: hidden(function (this: object, _depth: number, options: object) {
        return inspect(maskNode(this), options);
      }),
    });
  }
  for (const child of Object.values(node)) {
    if (typeof child === "object" && child !== null) protectNode(child);
  }
  Object.freeze(node);
}
