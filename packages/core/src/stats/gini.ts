/**
 * Gini coefficient of non-negative amounts (for example interactions handled per agent): 0 when every
 * amount is equal, approaching 1 as one member takes everything (at most (n-1)/n for n members).
 * Members with 0 count: leaving idle agents out would hide exactly the unfairness this measures.
 * An empty input or an all-zero input is perfectly equal (0).
 */
export function giniCoefficient(amounts: ArrayLike<number>): number {
  const count = amounts.length;
  if (count === 0) return 0;
  const sorted = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const amount = amounts[index] ?? Number.NaN;
    if (!Number.isFinite(amount) || amount < 0) {
      throw new RangeError(
        `giniCoefficient: amount at index ${index} must be a finite number >= 0, got ${amount}`,
      );
    }
    sorted[index] = amount;
  }
  sorted.sort();
  let total = 0;
  let rankWeighted = 0;
  for (let index = 0; index < count; index++) {
    const amount = sorted[index] ?? 0;
    total += amount;
    rankWeighted += (index + 1) * amount;
  }
  if (total === 0) return 0;
  // Closed form of the mean absolute difference over sorted values: G = 2·Σ i·x_i / (n·Σ x) − (n+1)/n.
  const gini = (2 * rankWeighted) / (count * total) - (count + 1) / count;
  // Rounding can leave -1e-17 for equal amounts; the coefficient is never negative.
  return Math.max(gini, 0);
}
