/**
 * The periods of a daily series: `baselineDays` days before the scan window, then the window's `windowDays`
 * days (index 0 = first baseline day, oldest first). The recent period is the last `recentDays` days of
 * the window; the anomaly statistics compare it with the baseline.
 */
export interface SeriesPeriods {
  baselineDays: number;
  windowDays: number;
  recentDays: number;
}

/** Defaults: 30 baseline days before the window, the last 7 days of the window are "recent". */
export const DEFAULT_BASELINE_DAYS = 30;
export const DEFAULT_RECENT_DAYS = 7;

/** The three slices of a daily series, or null when its length is not baselineDays + windowDays. */
export function splitDaily(
  series: readonly number[],
  periods: SeriesPeriods,
): { baseline: number[]; window: number[]; recent: number[] } | null {
  const { baselineDays, windowDays, recentDays } = periods;
  if (series.length !== baselineDays + windowDays || recentDays > windowDays || recentDays < 1) return null;
  return {
    baseline: series.slice(0, baselineDays),
    window: series.slice(baselineDays),
    recent: series.slice(baselineDays + windowDays - recentDays),
  };
}
