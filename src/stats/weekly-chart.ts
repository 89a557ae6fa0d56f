import { medianOf } from './median.ts';
import { roundSignificant } from './round-significant.ts';

const DAY_MS = 86_400_000;

/** One 7-day bucket of a series. */
export interface ChartWeek {
  /** First day of the bucket, YYYY-MM-DD (for --explain; not rendered on issues, it moves daily). */
  start: string;
  /** Median of the bucket's values (daily values, or the runs of those days), 2 significant figures. */
  median: number;
  /** `window` when the bucket starts on or after the scan window's first day, else `baseline`. */
  period: 'baseline' | 'window';
}

/**
 * 7-day medians of a series for an inline chart, counted back from the last day, so the last bucket is
 * exactly the recent period (7 days) and a spike shows at once. Incomplete leading days are dropped.
 * Medians are rounded to 2 significant figures so day-to-day noise rarely changes a bar.
 * Daily series: value i is day i; per-run series: `dayIndex[i]` is the day of value i.
 * @param startDate day 0 of the series (Snapshot.baseline.start), YYYY-MM-DD
 * @param totalDays days the series covers (baseline days + window days)
 * @param windowStart first day of the scan window, YYYY-MM-DD
 */
export function weeklyMedians(
  values: readonly number[],
  startDate: string,
  totalDays: number,
  windowStart: string,
  dayIndex?: readonly number[],
): ChartWeek[] {
  const startMs = Date.parse(`${startDate}T00:00:00Z`);
  const windowMs = Date.parse(`${windowStart}T00:00:00Z`);
  if (Number.isNaN(startMs) || Number.isNaN(windowMs)) return [];
  const weeks: ChartWeek[] = [];
  for (let from = totalDays % 7; from + 7 <= totalDays; from += 7) {
    const inWeek: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const day = dayIndex === undefined ? i : (dayIndex[i] ?? -1);
      if (day >= from && day < from + 7) inWeek.push(values[i] ?? 0);
    }
    const median = medianOf(inWeek);
    if (median === null) continue;
    const weekMs = startMs + from * DAY_MS;
    weeks.push({
      start: new Date(weekMs).toISOString().slice(0, 10),
      median: roundSignificant(median),
      period: weekMs >= windowMs ? 'window' : 'baseline',
    });
  }
  return weeks;
}
