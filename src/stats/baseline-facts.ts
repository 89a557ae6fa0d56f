import { medianOf } from './median.ts';
import { type SeriesPeriods, splitDaily } from './periods.ts';
import { robustCompare } from './robust-z.ts';
import { roundSignificant, roundTo } from './round-significant.ts';
import { theilSenSlope } from './theil-sen.ts';

/**
 * Series names (keys of `resource.series`) and their units. Daily series have baselineDays + windowDays
 * values, oldest first; per-run series have one value per run, oldest first.
 */
export const SERIES = {
  /** All kinds, daily: list cost, USD per day. */
  costUsd: 'costUsd',
  /** All kinds, daily: DBUs per day (all record types). */
  dbus: 'dbus',
  /** Warehouses, daily: statements per day. */
  queryCount: 'queryCount',
  /** Warehouses, daily: SUM(spilled_local_bytes) per day, bytes. */
  spilledBytes: 'spilledBytes',
  /** Warehouses, daily: failed statements per day of one error class: key `failedQueries.<CLASS>`. */
  failedQueriesPrefix: 'failedQueries.',
  /**
   * Warehouses, daily: failed statements per day, all error classes (live collection: system.query.history
   * has no error-class column readable without error_message, so a live snapshot carries only this total).
   */
  failedQueriesTotal: 'failedQueries',
  /** Jobs, per run: run duration, seconds. */
  runDurationSec: 'runDurationSec',
  /** Jobs, per run: day index of the run's start in the daily series (0 = first baseline day). */
  runDay: 'runDay',
  /** Jobs, per run: configuration version of the job when the run started (increments on each change). */
  runConfigVersion: 'runConfigVersion',
} as const;

/** Statistics of one daily series: baseline vs recent period, trend over the window. */
export interface DailyStats {
  /** Median per day of the baseline period (unit of the series, 2 significant figures). */
  baselinePerDay: number;
  /** Median per day of the recent period (2 significant figures). */
  recentPerDay: number;
  /** Robust z-score of the recent median against the baseline (1 decimal, ±999 at most). */
  robustZ: number;
  /** Baseline days with a value > 0 (a resource younger than the baseline has few). */
  baselineActiveDays: number;
  /** Theil–Sen slope over the window, unit per day (2 significant figures). */
  trendPerDay: number;
  /** Sum over the recent period, unrounded. */
  recentSum: number;
  /** Sum over the baseline period, unrounded. */
  baselineSum: number;
}

/**
 * Robust statistics of a daily series (see robust-z.ts, theil-sen.ts). Rounded as documented so facts that
 * end up on an issue do not move with day-to-day noise.
 * @param options.counts a count series (statements, failures): Poisson scale floor (robust-z.ts countScaleFloor)
 * @returns null when the series does not have baselineDays + windowDays values
 */
export function dailyStats(
  series: readonly number[] | undefined,
  periods: SeriesPeriods,
  options: { counts?: boolean } = {},
): DailyStats | null {
  if (series === undefined) return null;
  const parts = splitDaily(series, periods);
  if (parts === null) return null;
  const comparison = robustCompare(parts.baseline, parts.recent, options);
  if (comparison === null) return null;
  return {
    baselinePerDay: roundSignificant(comparison.baselineMedian),
    recentPerDay: roundSignificant(comparison.recentMedian),
    robustZ: clampZ(comparison.robustZ),
    baselineActiveDays: parts.baseline.filter((v) => v > 0).length,
    trendPerDay: roundSignificant(theilSenSlope(parts.window) ?? 0),
    recentSum: sum(parts.recent),
    baselineSum: sum(parts.baseline),
  };
}

/** Cost and DBU anomaly facts every resource kind gets (schema.ts BaselineFacts documents each). */
export interface CommonBaselineFacts {
  costBaselineUsdPerDay: number;
  costRecentUsdPerDay: number;
  costRobustZ: number;
  costBaselineActiveDays: number;
  costTrendUsdPerDayPerDay: number;
  costExcessUsdPerMonth: number;
  dbusBaselinePerDay: number;
  dbusRecentPerDay: number;
  dbusRobustZ: number;
}

/** The cost/DBU facts of a resource's `costUsd` and `dbus` series; {} when they are missing or malformed. */
export function commonBaselineFacts(
  series: Readonly<Record<string, number[]>> | undefined,
  periods: SeriesPeriods,
): Partial<CommonBaselineFacts> {
  const cost = dailyStats(series?.[SERIES.costUsd], periods);
  const dbus = dailyStats(series?.[SERIES.dbus], periods);
  return {
    ...(cost === null
      ? {}
      : {
          costBaselineUsdPerDay: cost.baselinePerDay,
          costRecentUsdPerDay: cost.recentPerDay,
          costRobustZ: cost.robustZ,
          costBaselineActiveDays: cost.baselineActiveDays,
          costTrendUsdPerDayPerDay: cost.trendPerDay,
          costExcessUsdPerMonth: roundSignificant(Math.max(0, cost.recentPerDay - cost.baselinePerDay) * 30),
        }),
    ...(dbus === null
      ? {}
      : { dbusBaselinePerDay: dbus.baselinePerDay, dbusRecentPerDay: dbus.recentPerDay, dbusRobustZ: dbus.robustZ }),
  };
}

/** Warehouse-only anomaly facts (query volume, spill, failures by error class). */
export interface WarehouseBaselineFacts {
  queriesBaselinePerDay: number;
  queriesRecentPerDay: number;
  queriesRobustZ: number;
  spillBytesPerQueryBaseline: number;
  spillBytesPerQueryRecent: number;
  spillRecentQueries: number;
  failureTopClass: string | null;
  failureTopClassRecent: number;
  failureTopClassRecentDays: number;
  failureTopClassBaselinePerDay: number;
  failureTopClassRobustZ: number;
  failureTopClassPrincipals: number | null;
  failuresRecent: number;
  failuresRecentDays: number;
  failuresBaselinePerDay: number;
  failuresRobustZ: number;
  failuresRateBaselinePct: number;
  failuresRateRecentPct: number;
  failureTopClassRateBaselinePct: number;
  failureTopClassRateRecentPct: number;
  sizeUpExtraUsdPerMonth: number;
}

/**
 * Warehouse facts from the `queryCount`, `spilledBytes` and `failedQueries.<CLASS>` daily series.
 * The top failure class is the one with the largest excess over its baseline in the recent period
 * (recent failures − recentDays × baseline median per day); ties go to the alphabetically first class.
 * @param principalsByClass distinct principals with a failure of each class in the recent period (a count,
 *   never names); omitted when the collector cannot read it → failureTopClassPrincipals null.
 * @param sizeUpCostRatio DBU/h of one size up / DBU/h of the warehouse's `cluster_size` (`sizeStepCostRatio` of
 *   snapshot/warehouse-sizes.ts): sizeUpExtraUsdPerMonth = recent cost per day × 30 × (ratio − 1); absent when null.
 */
export function warehouseBaselineFacts(
  series: Readonly<Record<string, number[]>> | undefined,
  periods: SeriesPeriods,
  principalsByClass?: Readonly<Record<string, number>>,
  sizeUpCostRatio?: number | null,
): Partial<WarehouseBaselineFacts> {
  const out: Partial<WarehouseBaselineFacts> = {};
  const queries = dailyStats(series?.[SERIES.queryCount], periods, { counts: true });
  if (queries !== null) {
    out.queriesBaselinePerDay = queries.baselinePerDay;
    out.queriesRecentPerDay = queries.recentPerDay;
    out.queriesRobustZ = queries.robustZ;
    const spill = dailyStats(series?.[SERIES.spilledBytes], periods);
    if (spill !== null) {
      out.spillBytesPerQueryBaseline = roundSignificant(ratio(spill.baselineSum, queries.baselineSum));
      out.spillBytesPerQueryRecent = roundSignificant(ratio(spill.recentSum, queries.recentSum));
      out.spillRecentQueries = roundSignificant(queries.recentSum);
    }
  }
  const cost = dailyStats(series?.[SERIES.costUsd], periods);
  const sizeUp = sizeUpCostRatio ?? null;
  if (cost !== null && sizeUp !== null)
    out.sizeUpExtraUsdPerMonth = roundSignificant(cost.recentPerDay * 30 * (sizeUp - 1));
  let top: { name: string; excess: number; stats: DailyStats; recentDays: number } | undefined;
  for (const [key, values] of Object.entries(series ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!key.startsWith(SERIES.failedQueriesPrefix)) continue;
    const stats = dailyStats(values, periods, { counts: true });
    const parts = splitDaily(values, periods);
    if (stats === null || parts === null) continue;
    const excess = stats.recentSum - periods.recentDays * (medianOf(parts.baseline) ?? 0);
    if (top === undefined || excess > top.excess) {
      top = {
        name: key.slice(SERIES.failedQueriesPrefix.length),
        excess,
        stats,
        recentDays: parts.recent.filter((v) => v > 0).length,
      };
    }
  }
  if (top !== undefined) {
    out.failureTopClass = top.name;
    out.failureTopClassRecent = roundSignificant(top.stats.recentSum);
    out.failureTopClassRecentDays = top.recentDays;
    out.failureTopClassBaselinePerDay = top.stats.baselinePerDay;
    out.failureTopClassRobustZ = top.stats.robustZ;
    out.failureTopClassPrincipals = principalsByClass?.[top.name] ?? null;
    if (queries !== null) {
      out.failureTopClassRateBaselinePct = percentOf(top.stats.baselineSum, queries.baselineSum);
      out.failureTopClassRateRecentPct = percentOf(top.stats.recentSum, queries.recentSum);
    }
  }
  const totals = failureTotalFacts(series, periods);
  Object.assign(out, totals.facts);
  if (totals.stats !== null && queries !== null) {
    out.failuresRateBaselinePct = percentOf(totals.stats.baselineSum, queries.baselineSum);
    out.failuresRateRecentPct = percentOf(totals.stats.recentSum, queries.recentSum);
  }
  return out;
}

/**
 * Failed statements of all error classes: from the `failedQueries` total series when the snapshot has one
 * (live collection), else the day-by-day sum of the `failedQueries.<CLASS>` series; {} when there is neither.
 */
function failureTotalFacts(
  series: Readonly<Record<string, number[]>> | undefined,
  periods: SeriesPeriods,
): { facts: Partial<WarehouseBaselineFacts>; stats: DailyStats | null } {
  let total = series?.[SERIES.failedQueriesTotal];
  if (total === undefined) {
    const classes = Object.entries(series ?? {}).filter(([key]) => key.startsWith(SERIES.failedQueriesPrefix));
    if (classes.length === 0) return { facts: {}, stats: null };
    total = new Array<number>(periods.baselineDays + periods.windowDays).fill(0);
    for (const [, values] of classes) {
      if (values.length !== total.length) return { facts: {}, stats: null };
      for (const [i, v] of values.entries()) total[i] = (total[i] ?? 0) + v;
    }
  }
  const stats = dailyStats(total, periods, { counts: true });
  const parts = splitDaily(total, periods);
  if (stats === null || parts === null) return { facts: {}, stats: null };
  return {
    facts: {
      failuresRecent: roundSignificant(stats.recentSum),
      failuresRecentDays: parts.recent.filter((v) => v > 0).length,
      failuresBaselinePerDay: stats.baselinePerDay,
      failuresRobustZ: stats.robustZ,
    },
    stats,
  };
}

/** part / whole × 100 to 2 significant figures, percent; 0 when whole is 0. */
function percentOf(part: number, whole: number): number {
  return whole > 0 ? roundSignificant((part / whole) * 100) : 0;
}

/** Job-only facts from the per-run series. */
export interface JobBaselineFacts {
  durationBaselineMedianSec: number;
  durationRecentMedianSec: number;
  durationRobustZ: number;
  durationBaselineRuns: number;
  durationRecentRuns: number;
  durationExcludedRuns: number;
  durationTrendSecPerDay: number;
  durationExcessUsdPerMonth: number;
}

/**
 * Job run-duration drift facts from `runDurationSec`, `runDay` and `runConfigVersion` (parallel per-run
 * arrays). Only runs with the configuration version of the latest run are compared: runs under an older
 * configuration are excluded (`durationExcludedRuns`), so a deliberate change (more data, more tasks)
 * never reads as drift. Baseline = comparable runs in the baseline period; recent = comparable runs in the
 * last `recentDays` days. The extra cost is (recent − baseline median) × recent runs per day × 30 × the
 * window's USD per run-second (window cost / window run seconds), 2 significant figures.
 * @returns {} when the arrays are missing or of different lengths, or there are no runs
 */
export function jobBaselineFacts(
  series: Readonly<Record<string, number[]>> | undefined,
  periods: SeriesPeriods,
): Partial<JobBaselineFacts> {
  const durations = series?.[SERIES.runDurationSec];
  const days = series?.[SERIES.runDay];
  const versions = series?.[SERIES.runConfigVersion];
  if (durations === undefined || days === undefined || versions === undefined) return {};
  if (durations.length !== days.length || durations.length !== versions.length || durations.length === 0) return {};
  const latest = versions[versions.length - 1];
  const totalDays = periods.baselineDays + periods.windowDays;
  const recentStart = totalDays - periods.recentDays;
  const baseline: number[] = [];
  const recent: number[] = [];
  const windowDays: number[] = [];
  const windowDurations: number[] = [];
  let excluded = 0;
  let windowSeconds = 0;
  for (let i = 0; i < durations.length; i++) {
    const duration = durations[i] ?? 0;
    const day = days[i] ?? 0;
    if (day >= periods.baselineDays) windowSeconds += duration;
    if (versions[i] !== latest) {
      excluded++;
      continue;
    }
    if (day < periods.baselineDays) baseline.push(duration);
    else {
      windowDays.push(day);
      windowDurations.push(duration);
      if (day >= recentStart) recent.push(duration);
    }
  }
  const comparison = robustCompare(baseline, recent);
  const out: Partial<JobBaselineFacts> = {
    durationBaselineRuns: baseline.length,
    durationRecentRuns: recent.length,
    durationExcludedRuns: excluded,
    durationTrendSecPerDay: roundSignificant(theilSenSlope(windowDurations, windowDays) ?? 0),
  };
  if (comparison === null) return out;
  const windowCost = sum(dailySlice(series?.[SERIES.costUsd], periods));
  const usdPerSecond = windowSeconds > 0 ? windowCost / windowSeconds : 0;
  const runsPerDay = recent.length / periods.recentDays;
  const extra = Math.max(0, comparison.recentMedian - comparison.baselineMedian);
  return {
    ...out,
    durationBaselineMedianSec: roundSignificant(comparison.baselineMedian),
    durationRecentMedianSec: roundSignificant(comparison.recentMedian),
    durationRobustZ: clampZ(comparison.robustZ),
    durationExcessUsdPerMonth: roundSignificant(extra * runsPerDay * 30 * usdPerSecond),
  };
}

function dailySlice(series: readonly number[] | undefined, periods: SeriesPeriods): number[] {
  if (series === undefined) return [];
  return splitDaily(series, periods)?.window ?? [];
}

function clampZ(z: number): number {
  if (Number.isNaN(z)) return 0;
  return roundTo(Math.max(-999, Math.min(999, z)), 1);
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
