/**
 * Small string helpers shared by validation code. Pure functions, no cdktf.
 */

/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length];
}

/**
 * The candidates closest to `value` (smallest edit distance first, at most `limit`),
 * keeping only those that are plausibly typos (distance at most half the value's length).
 */
export function closestMatches(value: string, candidates: readonly string[], limit = 3): string[] {
  const maxDistance = Math.max(2, Math.ceil(value.length / 2));
  return candidates
    .map((c) => ({ c, d: editDistance(value.toLowerCase(), c.toLowerCase()) }))
    .filter((x) => x.d <= maxDistance)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0))
    .slice(0, limit)
    .map((x) => x.c);
}

/** Formats a list of allowed values as `a, b, c` (quoted). */
export function formatList(values: readonly (string | number)[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}
