import { medianAbsoluteDeviation, median as ssMedian } from 'simple-statistics';

/**
 * Median of a list of numbers (simple-statistics `median`); null for an empty list, so callers decide what
 * "no data" means instead of catching simple-statistics' throw.
 */
export function medianOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : ssMedian([...values]);
}

/**
 * Median absolute deviation from the median, unscaled (simple-statistics `medianAbsoluteDeviation`):
 * median(|x − median(x)|), in the unit of the values; null for an empty list.
 * Multiply by 1.4826 for a consistent estimate of σ under a normal distribution (see robust-z.ts).
 */
export function madOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : medianAbsoluteDeviation([...values]);
}
