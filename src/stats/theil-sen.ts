/**
 * Theil–Sen slope: the median of the slopes (y_j − y_i) / (x_j − x_i) over all pairs with x_i ≠ x_j.
 * simple-statistics 7 has no Theil–Sen estimator (only least squares `linearRegression`), so it is written
 * here: O(n²) pairs, fine for the ≤ 200 points of one resource's series. Robust to up to ~29 % outliers.
 * @param ys the values (unit U); `xs` their positions (unit T, default 0, 1, 2, …: days for a daily series)
 * @returns slope in U per T, or null with fewer than two distinct positions
 */
export function theilSenSlope(ys: readonly number[], xs?: readonly number[]): number | null {
  const slopes: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    const xi = xs?.[i] ?? i;
    const yi = ys[i] ?? 0;
    for (let j = i + 1; j < ys.length; j++) {
      const xj = xs?.[j] ?? j;
      if (xj === xi) continue;
      slopes.push(((ys[j] ?? 0) - yi) / (xj - xi));
    }
  }
  if (slopes.length === 0) return null;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 === 1 ? (slopes[mid] ?? 0) : ((slopes[mid - 1] ?? 0) + (slopes[mid] ?? 0)) / 2;
}
