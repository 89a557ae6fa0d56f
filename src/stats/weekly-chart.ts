import { medianOf } from './median.ts';
import { roundSignificant } from './round-significant.ts';

const DAY_MS = 86_400_000;

/** One complete calendar week (Monday to Sunday, UTC) of a series. */
export interface ChartWeek {
  /** Monday of the week, YYYY-MM-DD. */
  start: string;
  /** Median of the week's values (daily values, or the runs of that week), 2 significant figures. */
  median: number;
  /** `window` when the week starts on or after the scan window's first day, else `baseline`. */
  period: 'baseline' | 'window';
}

/**
 * Weekly medians of a series for an inline chart. Only complete Monday-to-Sunday weeks inside the series'
 * days are used, so the chart changes at most once a week as the window slides, not with every day's
 * noise. Daily series: value i is day i; per-run series: `dayIndex[i]` is the day of value i.
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
  // Day index of the first Monday on or after day 0 (getUTCDay: 0 = Sunday, 1 = Monday).
  const firstMonday = (8 - new Date(startMs).getUTCDay()) % 7;
  const weeks: ChartWeek[] = [];
  for (let from = firstMonday; from + 7 <= totalDays; from += 7) {
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
