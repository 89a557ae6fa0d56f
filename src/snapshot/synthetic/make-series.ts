import type { SeriesPeriods } from '../../stats/periods.ts';
import type { Rng } from './rng.ts';
import { round } from './rng.ts';

const DAY_MS = 86_400_000;

/** How one resource's activity varies by day: a weekday/weekend pattern and multiplicative noise. */
export interface DayProfile {
  /** Activity on Saturday and Sunday relative to weekdays (1 = no weekly pattern). */
  weekendFactor: number;
  /** Half-width of the uniform multiplicative noise, e.g. 0.15 = ±15 % per day. */
  noise: number;
}

/** A random profile: 40 % of resources are quieter at weekends (30-70 %), noise ±5-20 %. */
export function randomProfile(rng: Rng): DayProfile {
  return { weekendFactor: rng.chance(0.4) ? rng.float(0.3, 0.7) : 1, noise: rng.float(0.05, 0.2) };
}

/** Day-of-week (0 = Sunday) of day `index` of a series starting at `startMs` (UTC midnight). */
export function weekdayOf(startMs: number, index: number): number {
  return new Date(startMs + index * DAY_MS).getUTCDay();
}

/**
 * Relative activity per day (≈ 1 on weekdays) for baselineDays + windowDays days, oldest first;
 * `active` days only (others 0), e.g. the run days of a weekly job.
 */
export function dayLevels(
  rng: Rng,
  startMs: number,
  periods: SeriesPeriods,
  profile: DayProfile,
  active: (day: number) => boolean = () => true,
): number[] {
  const total = periods.baselineDays + periods.windowDays;
  const out: number[] = [];
  for (let day = 0; day < total; day++) {
    if (!active(day)) {
      out.push(0);
      continue;
    }
    const weekday = weekdayOf(startMs, day);
    const weekly = weekday === 0 || weekday === 6 ? profile.weekendFactor : 1;
    out.push(weekly * (1 + rng.float(-profile.noise, profile.noise)));
  }
  return out;
}

/** Multiplies the recent period (last recentDays days) by `factor`: a spike or a drift. */
export function boostRecent(levels: number[], periods: SeriesPeriods, factor: number): number[] {
  const start = levels.length - periods.recentDays;
  return levels.map((v, i) => (i >= start ? v * factor : v));
}

/**
 * Scales `levels` so the window part sums to `windowTotal` (the resource's window fact), rounded to
 * `decimals`; the baseline part gets the same scale. All zero when the window has no activity.
 */
export function scaleToWindowTotal(
  levels: readonly number[],
  periods: SeriesPeriods,
  windowTotal: number,
  decimals: number,
): number[] {
  let windowSum = 0;
  for (let i = periods.baselineDays; i < levels.length; i++) windowSum += levels[i] ?? 0;
  const scale = windowSum > 0 ? windowTotal / windowSum : 0;
  return levels.map((v) => round(v * scale, decimals));
}

/**
 * Like scaleToWindowTotal for counts: integers, and the window part sums to exactly `windowTotal`
 * (the rounding remainder goes to the busiest window day).
 */
export function countsToWindowTotal(levels: readonly number[], periods: SeriesPeriods, windowTotal: number): number[] {
  const out = scaleToWindowTotal(levels, periods, windowTotal, 0);
  let windowSum = 0;
  let busiest = -1;
  for (let i = periods.baselineDays; i < out.length; i++) {
    windowSum += out[i] ?? 0;
    if (busiest === -1 || (out[i] ?? 0) > (out[busiest] ?? 0)) busiest = i;
  }
  if (busiest >= 0) out[busiest] = Math.max(0, (out[busiest] ?? 0) + windowTotal - windowSum);
  return out;
}
