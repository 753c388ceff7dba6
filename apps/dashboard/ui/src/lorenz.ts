/**
 * The Lorenz curve of a load distribution: agents sorted from least to most loaded, the cumulative share of
 * agents (x) against the cumulative share of the load (y), from (0, 0) to (1, 1). The diagonal is perfect
 * equality; the Gini coefficient is twice the area between the two.
 */
export function lorenzPoints(loads: readonly number[]): { x: number; y: number }[] {
  const sorted = [...loads].sort((a, b) => a - b);
  const total = sorted.reduce((sum, load) => sum + load, 0);
  const points = [{ x: 0, y: 0 }];
  let cumulative = 0;
  sorted.forEach((load, index) => {
    cumulative += load;
    points.push({
      x: (index + 1) / sorted.length,
      y: total === 0 ? (index + 1) / sorted.length : cumulative / total,
    });
  });
  return points;
}
