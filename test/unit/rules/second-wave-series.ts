import type { Resource, Snapshot } from '../../../src/snapshot/schema.ts';
import { createRng } from '../../../src/snapshot/synthetic/rng.ts';
import { sizeStepCostRatio } from '../../../src/snapshot/warehouse-sizes.ts';
import {
  commonBaselineFacts,
  jobBaselineFacts,
  SERIES,
  warehouseBaselineFacts,
} from '../../../src/stats/baseline-facts.ts';
import type { SeriesPeriods } from '../../../src/stats/periods.ts';
import { buildSnapshot } from '../../support/resource-builders.ts';

/** The test snapshot's periods: 30 baseline days before the 30-day window 2026-10-02..31, last 7 recent. */
export const PERIODS: SeriesPeriods = { baselineDays: 30, windowDays: 30, recentDays: 7 };
export const BASELINE_START = '2026-09-02';
const TOTAL = PERIODS.baselineDays + PERIODS.windowDays;
const START_MS = Date.parse(`${BASELINE_START}T00:00:00Z`);

export interface ShapeOptions {
  /** Weekday level. */
  level: number;
  /** ±share uniform noise per day. */
  noise?: number;
  /** Weekend level relative to weekdays (1 = none). */
  weekend?: number;
  /** Multiplier of the recent period (the anomaly). */
  recentFactor?: number;
  /** Day offset of the whole series (0 = this scan; 1 = next day's scan, the window slid by one day). */
  shift?: number;
  seed?: number;
  /** Round to integers (counts). */
  integers?: boolean;
}

/** A daily series of TOTAL days: level × weekday pattern × noise, recent days × recentFactor. */
export function dailySeries(options: ShapeOptions): number[] {
  const rng = createRng(options.seed ?? 1);
  const out: number[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const weekday = new Date(START_MS + (i + (options.shift ?? 0)) * 86_400_000).getUTCDay();
    const weekly = weekday === 0 || weekday === 6 ? (options.weekend ?? 1) : 1;
    const noise = 1 + (options.noise ?? 0) * (2 * rng.next() - 1);
    const recent = i >= TOTAL - PERIODS.recentDays ? (options.recentFactor ?? 1) : 1;
    const value = options.level * weekly * noise * recent;
    out.push(options.integers === true ? Math.round(value) : Math.round(value * 100) / 100);
  }
  return out;
}

/** Sets the resource's series and recomputes its anomaly facts exactly as the fact builders do. */
export function withSeries<R extends Resource>(
  resource: R,
  series: Record<string, number[]>,
  principals?: Record<string, number>,
): R {
  const facts: Record<string, unknown> = { ...resource.facts, ...commonBaselineFacts(series, PERIODS) };
  if (resource.kind === 'warehouse')
    Object.assign(
      facts,
      warehouseBaselineFacts(series, PERIODS, principals, sizeStepCostRatio(resource.config.cluster_size, 1)),
    );
  if (resource.kind === 'job') Object.assign(facts, jobBaselineFacts(series, PERIODS));
  return { ...resource, series, facts } as R;
}

/** The standard test snapshot (resource-builders) with the baseline period of PERIODS. */
export function snapshotWith(resources: Resource[]): Snapshot {
  return {
    ...buildSnapshot(resources, PERIODS.windowDays),
    baseline: { start: BASELINE_START, days: PERIODS.baselineDays, recentDays: PERIODS.recentDays },
  };
}

/** Per-run series of a daily job: one run a day, duration × recentFactor in the recent days. */
export function runSeries(options: {
  durationSec: number;
  noise?: number;
  recentFactor?: number;
  /** From this day on the configuration version is 1 and durations × changeFactor. */
  changeDay?: number;
  changeFactor?: number;
  seed?: number;
  weekend?: number;
}): Record<string, number[]> {
  const rng = createRng(options.seed ?? 2);
  const durations: number[] = [];
  const days: number[] = [];
  const versions: number[] = [];
  for (let day = 0; day < TOTAL; day++) {
    const weekday = new Date(START_MS + day * 86_400_000).getUTCDay();
    const weekly = weekday === 0 || weekday === 6 ? (options.weekend ?? 1) : 1;
    const changed = options.changeDay !== undefined && day >= options.changeDay;
    let duration = options.durationSec * weekly * (1 + (options.noise ?? 0) * (2 * rng.next() - 1));
    if (changed) duration *= options.changeFactor ?? 1;
    if (day >= TOTAL - PERIODS.recentDays) duration *= options.recentFactor ?? 1;
    durations.push(Math.round(duration));
    days.push(day);
    versions.push(changed ? 1 : 0);
  }
  const cost = durations.map((d) => Math.round(d * 0.02 * 100) / 100);
  return {
    [SERIES.runDurationSec]: durations,
    [SERIES.runDay]: days,
    [SERIES.runConfigVersion]: versions,
    [SERIES.costUsd]: cost,
    [SERIES.dbus]: cost.map((c) => Math.round((c / 0.15) * 100) / 100),
  };
}
