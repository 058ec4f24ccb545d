/**
 * "Did you mean" for misspelled keys and variables: the closest known name by edit distance,
 * when it is close enough to be a plausible typo.
 */

/** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Case, `_` and `-` ignored, so `minLevel`, `MIN-LEVEL` and `min_level` meet. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, "");
}

/**
 * The known name closest to `given`, or undefined when none is within a third of its length
 * (at least 1, at most 3 edits).
 */
export function didYouMean(given: string, known: readonly string[]): string | undefined {
  const wanted = normalise(given);
  const budget = Math.min(3, Math.max(1, Math.floor(given.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = Math.min(editDistance(given.toLowerCase(), candidate.toLowerCase()), editDistance(wanted, normalise(candidate)));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= budget ? best : undefined;
}
