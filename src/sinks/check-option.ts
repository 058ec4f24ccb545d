import { FlowlogSinkError } from "../core/errors.js";

/** What a numeric sink option must be: at least `min`, and a whole number when `integer`. */
export interface NumberRule {
  readonly min: 0 | 1;
  readonly integer: boolean;
}

/**
 * `value` when it follows `rule`, else a FlowlogSinkError naming the option (`label`, e.g.
 * "FileSink maxBytes") and the value. NaN and Infinity never pass. One check for every sink's
 * constructor, so they all reject bad numbers the same way.
 */
export function checkNumberOption(value: number, label: string, rule: NumberRule): number {
  const whole = rule.integer ? Number.isInteger(value) : Number.isFinite(value);
  if (!whole || value < rule.min) throw new FlowlogSinkError(`${label} must be ${describeRule(rule)}, got ${String(value)}`);
  return value;
}

function describeRule(rule: NumberRule): string {
  if (!rule.integer) return `a number >= ${rule.min}`;
  return rule.min === 0 ? "a non-negative integer" : `an integer >= ${rule.min}`;
}
