import { madOf, medianOf } from './median.ts';

/** 1 / Φ⁻¹(3/4): scales the MAD to a consistent estimate of the standard deviation under normality. */
export const MAD_TO_SIGMA = 1.4826;

/** Default floor of the scale, as a share of |baseline median|, so a flat baseline does not make z explode. */
export const DEFAULT_RELATIVE_SCALE_FLOOR = 0.05;

/**
 * Scale floor for count series (statements, failures per day): the Poisson standard deviation
 * sqrt(baseline median), and at least 1, because a MAD of 0 on small integers (3, 4, 3, 4 …) would make
 * a change of one count look extreme.
 */
export function countScaleFloor(baselineMedian: number): number {
  return Math.max(1, Math.sqrt(Math.max(0, baselineMedian)));
}

/** The robust comparison of a recent period with a baseline. All values in the unit of the series. */
export interface RobustComparison {
  baselineMedian: number;
  recentMedian: number;
  /** Unscaled MAD of the baseline. */
  baselineMad: number;
  /** The scale z is divided by: max(1.4826 × MAD, floor × |baseline median|, the count floor for counts). */
  scale: number;
  /** (recent median − baseline median) / scale; 0 when both medians are 0. Dimensionless. */
  robustZ: number;
}

/**
 * Robust z-score of the recent period's median against the baseline: (median(recent) − median(baseline)) /
 * max(1.4826 × MAD(baseline), relativeFloor × |median(baseline)|). Medians and the MAD ignore outliers, so
 * one noisy day neither raises nor hides an anomaly. A weekday/weekend pattern keeps both medians on the
 * weekday level (a 7-day recent period always holds five weekdays), so it does not fire either.
 * @param options.counts the series holds counts: the scale is at least countScaleFloor(baseline median)
 * @returns null when either period is empty
 */
export function robustCompare(
  baseline: readonly number[],
  recent: readonly number[],
  options: { relativeFloor?: number; counts?: boolean } = {},
): RobustComparison | null {
  const relativeFloor = options.relativeFloor ?? DEFAULT_RELATIVE_SCALE_FLOOR;
  const baselineMedian = medianOf(baseline);
  const recentMedian = medianOf(recent);
  const baselineMad = madOf(baseline);
  if (baselineMedian === null || recentMedian === null || baselineMad === null) return null;
  const scale = Math.max(
    MAD_TO_SIGMA * baselineMad,
    relativeFloor * Math.abs(baselineMedian),
    options.counts === true ? countScaleFloor(baselineMedian) : 0,
  );
  const delta = recentMedian - baselineMedian;
  let robustZ = 0;
  if (scale > 0) robustZ = delta / scale;
  else if (delta !== 0) robustZ = delta > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return { baselineMedian, recentMedian, baselineMad, scale, robustZ };
}
