import { commonBaselineFacts, jobBaselineFacts, SERIES, warehouseBaselineFacts } from '../../stats/baseline-facts.ts';
import { compactRuns, type RunPoint } from '../../stats/compact-runs.ts';
import type { SeriesPeriods } from '../../stats/periods.ts';
import type { ClusterResource, JobResource, Resource, WarehouseResource } from '../schema.ts';
import { sizeStepCostRatio } from '../warehouse-sizes.ts';
import {
  boostRecent,
  countsToWindowTotal,
  type DayProfile,
  dayLevels,
  randomProfile,
  scaleToWindowTotal,
  weekdayOf,
} from './make-series.ts';
import type { AnomalyProblem } from './problems.ts';
import type { Rng } from './rng.ts';
import { round } from './rng.ts';

const GIB = 1024 ** 3;
/** Error classes of ordinary, steady failures (Databricks error classes; never message text). */
const STEADY_CLASSES = ['DIVIDE_BY_ZERO', 'PARSE_SYNTAX_ERROR', 'UNRESOLVED_COLUMN', 'CAST_INVALID_INPUT'] as const;
/** Error classes that appear suddenly on planted warehouse-repeated-query-failures resources. */
const NEW_CLASSES = ['INSUFFICIENT_PERMISSIONS', 'TABLE_OR_VIEW_NOT_FOUND', 'DELTA_CONCURRENT_APPEND'] as const;
/** Resources planted per anomaly problem. */
const PER_PROBLEM = 3;

/** One anomaly planted on a resource. */
export interface PlantedAnomaly {
  resource: Resource;
  problem: AnomalyProblem;
}

/**
 * Gives every resource its daily series over the baseline + window (SERIES in src/stats/baseline-facts.ts)
 * and the anomaly facts computed from them, and plants the second-wave anomalies on three healthy
 * resources each. Window sums of the series equal the window facts (costUsd, dbus, queryCount,
 * spilledBytes, failedQueryCount; the planted spill and failure anomalies raise those facts accordingly).
 * Healthy series are noisy (±5-20 %) and 40 % have a weekday/weekend pattern; two healthy jobs change their
 * configuration in the window and then run 60 % longer (excluded from drift by their config version).
 * Mutates the resources. `healthy(resource)` = the resource carries no first-wave problem.
 * @param startMs UTC midnight of the first baseline day
 */
export function plantAnomalies(
  rng: Rng,
  resources: readonly Resource[],
  healthy: (resource: Resource) => boolean,
  periods: SeriesPeriods,
  startMs: number,
): PlantedAnomaly[] {
  const perDay = (r: Resource) => ('costUsd' in r.facts ? r.facts.costUsd : 0) / periods.windowDays;
  const chosen = new Set<Resource>();
  const planted: PlantedAnomaly[] = [];
  const choose = (problem: AnomalyProblem, candidates: readonly Resource[]): void => {
    const pool = candidates.filter((r) => healthy(r) && !chosen.has(r));
    for (let i = 0; i < PER_PROBLEM && pool.length > 0; i++) {
      const [resource] = pool.splice(rng.int(0, pool.length - 1), 1);
      if (resource === undefined) continue;
      chosen.add(resource);
      planted.push({ resource, problem });
    }
  };
  const warehouses = resources.filter((r): r is WarehouseResource => r.kind === 'warehouse');
  const clusters = resources.filter((r): r is ClusterResource => r.kind === 'cluster');
  const jobs = resources.filter((r): r is JobResource => r.kind === 'job');
  const everyDayJobs = jobs.filter((j) => j.facts.runs >= periods.windowDays);
  const busyClusters = clusters.filter(
    (c) => c.config.cluster_source !== 'JOB' && c.facts.runningHours >= periods.windowDays * 8,
  );
  choose(
    'warehouse-cost-spike',
    warehouses.filter((w) => perDay(w) >= 20),
  );
  choose(
    'warehouse-repeated-query-failures',
    warehouses.filter((w) => w.facts.queryCount >= 2000),
  );
  choose(
    'warehouse-spill-heavy',
    warehouses.filter((w) => w.facts.queriesWithSpill > 0 && w.facts.queryCount >= 300),
  );
  choose(
    'cluster-cost-spike',
    busyClusters.filter((c) => perDay(c) >= 20),
  );
  choose(
    'job-cost-spike',
    everyDayJobs.filter((j) => perDay(j) >= 20),
  );
  choose(
    'job-runtime-drift',
    everyDayJobs.filter((j) => perDay(j) >= 10),
  );
  const problemOf = new Map(planted.map((p) => [p.resource, p.problem]));
  const decoys = new Set(
    everyDayJobs.filter((j) => healthy(j) && !chosen.has(j) && j.facts.runs === periods.windowDays).slice(0, 2),
  );
  // Growing-but-healthy warehouses (issue 15 decoy): statements and their failures grow together, cost less.
  const growing = new Set<Resource>(
    warehouses
      .filter((w) => healthy(w) && !chosen.has(w) && w.facts.queryCount >= 5000 && w.facts.failedQueryCount >= 60)
      .slice(0, 2),
  );

  for (const resource of resources) {
    const problem = problemOf.get(resource);
    const profile = randomProfile(rng);
    switch (resource.kind) {
      case 'warehouse':
        warehouseSeries(rng, resource, problem, growing.has(resource), profile, periods, startMs);
        break;
      case 'cluster':
        clusterSeries(rng, resource, problem, profile, periods, startMs);
        break;
      case 'job':
        jobSeries(rng, resource, problem, decoys.has(resource), periods, startMs);
        break;
      case 'pipeline':
        // Pipelines carry no planted anomaly (their problems are planted by plant-pipelines.ts).
        break;
      case 'table':
        // Tables carry no daily series (their facts come from predictive-optimization history).
        break;
      case 'workspace':
        // Workspace series are the sum of their resources' series (generate-snapshot.ts), built afterwards.
        break;
      default: {
        const never: never = resource;
        throw new Error(`unknown kind ${String(never)}`);
      }
    }
  }
  return planted;
}

/** Recent-period growth of a growing-but-healthy warehouse's statements (and failures), and of its cost. */
const GROWTH = { statements: 3, cost: 1.5 } as const;

/**
 * A warehouse's daily series. `growing` (a decoy): its statements and every failure class grow ×3 in the recent
 * days, so raw failure counts jump while the failure rate stays; its cost grows ×1.5 (more concurrency on the
 * same clusters), under the cost-spike factor. No rule should flag it.
 */
function warehouseSeries(
  rng: Rng,
  w: WarehouseResource,
  problem: AnomalyProblem | undefined,
  growing: boolean,
  profile: DayProfile,
  periods: SeriesPeriods,
  startMs: number,
): void {
  const drawn = dayLevels(rng, startMs, periods, profile);
  const levels = growing ? boostRecent(drawn, periods, GROWTH.statements) : drawn;
  const costLevels =
    problem === 'warehouse-cost-spike'
      ? boostRecent(levels, periods, rng.float(3, 4))
      : growing
        ? boostRecent(drawn, periods, GROWTH.cost)
        : levels;
  const queryCount = countsToWindowTotal(levels, periods, w.facts.queryCount);
  const series: Record<string, number[]> = {
    [SERIES.costUsd]: scaleToWindowTotal(costLevels, periods, w.facts.costUsd, 2),
    [SERIES.dbus]: scaleToWindowTotal(costLevels, periods, w.facts.dbus, 2),
    [SERIES.queryCount]: queryCount,
  };
  const spill = scaleToWindowTotal(dayLevels(rng, startMs, periods, profile), periods, w.facts.spilledBytes, 0);
  if (problem === 'warehouse-spill-heavy') {
    const recentStart = spill.length - periods.recentDays;
    for (let day = recentStart; day < spill.length; day++)
      spill[day] = Math.round((queryCount[day] ?? 0) * rng.float(3, 6) * GIB);
    w.facts.spilledBytes = windowSum(spill, periods);
  }
  series[SERIES.spilledBytes] = spill;
  if (w.facts.failedQueryCount > 0) {
    const classes = STEADY_CLASSES.slice(0, rng.int(1, STEADY_CLASSES.length));
    let left = w.facts.failedQueryCount;
    for (const [i, name] of classes.entries()) {
      const share = i === classes.length - 1 ? left : Math.floor(left * rng.float(0.3, 0.7));
      left -= share;
      const classLevels = dayLevels(rng, startMs, periods, profile);
      series[`${SERIES.failedQueriesPrefix}${name}`] = countsToWindowTotal(
        growing ? boostRecent(classLevels, periods, GROWTH.statements) : classLevels,
        periods,
        share,
      );
    }
  }
  let principals: Record<string, number> | undefined;
  if (problem === 'warehouse-repeated-query-failures') {
    const name = rng.pick(NEW_CLASSES);
    const counts = new Array<number>(periods.baselineDays + periods.windowDays).fill(0);
    for (let day = counts.length - periods.recentDays; day < counts.length; day++) counts[day] = rng.int(10, 30);
    series[`${SERIES.failedQueriesPrefix}${name}`] = counts;
    w.facts.failedQueryCount += windowSum(counts, periods);
    principals = { [name]: rng.int(3, 15) };
  }
  w.series = series;
  Object.assign(
    w.facts,
    commonBaselineFacts(series, periods),
    warehouseBaselineFacts(series, periods, principals, sizeStepCostRatio(w.config.cluster_size, 1)),
  );
}

function clusterSeries(
  rng: Rng,
  c: ClusterResource,
  problem: AnomalyProblem | undefined,
  profile: DayProfile,
  periods: SeriesPeriods,
  startMs: number,
): void {
  const total = periods.baselineDays + periods.windowDays;
  let active: (day: number) => boolean;
  if (c.config.cluster_source === 'JOB') {
    const runDay = periods.baselineDays + rng.int(0, periods.windowDays - 1);
    active = (day) => day === runDay;
  } else {
    const p = Math.min(1, c.facts.runningHours / (periods.windowDays * 8));
    const days = new Set<number>();
    for (let day = 0; day < total; day++) if (rng.chance(p)) days.add(day);
    if (![...days].some((d) => d >= periods.baselineDays)) days.add(total - 1);
    active = (day) => days.has(day);
  }
  let levels = dayLevels(rng, startMs, periods, profile, active);
  if (problem === 'cluster-cost-spike') levels = boostRecent(levels, periods, rng.float(3, 4));
  const series = {
    [SERIES.costUsd]: scaleToWindowTotal(levels, periods, c.facts.costUsd, 2),
    [SERIES.dbus]: scaleToWindowTotal(levels, periods, c.facts.dbus, 2),
  };
  c.series = series;
  Object.assign(c.facts, commonBaselineFacts(series, periods));
}

function jobSeries(
  rng: Rng,
  j: JobResource,
  problem: AnomalyProblem | undefined,
  decoy: boolean,
  periods: SeriesPeriods,
  startMs: number,
): void {
  const total = periods.baselineDays + periods.windowDays;
  const recentStart = total - periods.recentDays;
  const runDays = runDaysOf(rng, j, periods, startMs);
  // A quarter of the jobs change configuration once (never the planted drifting ones: their runs must stay
  // comparable); the two decoys change it 10 days before the end and then run 60 % longer.
  const change = rng.chance(0.25) ? rng.int(1, total - 1) : Number.POSITIVE_INFINITY;
  const changeDay = decoy ? total - 10 : problem === 'job-runtime-drift' ? Number.POSITIVE_INFINITY : change;
  const runs: RunPoint[] = [];
  let runaway = j.facts.runawayRuns;
  for (const [index, day] of runDays.entries()) {
    let duration = j.facts.p50DurationSec * (1 + rng.float(-0.1, 0.1));
    if (decoy && day >= changeDay) duration *= 1.6;
    if (problem === 'job-runtime-drift' && day >= recentStart) duration *= 1.7;
    // The window's runaway runs: the last ones of the window, at the longest duration.
    if (runaway > 0 && day >= periods.baselineDays && runDays.length - index <= runaway) {
      duration = j.facts.maxDurationSec;
      runaway--;
    }
    runs.push({ day, durationSec: Math.round(duration), configVersion: day >= changeDay ? 1 : 0 });
  }
  const levels = new Array<number>(total).fill(0);
  for (const run of runs) levels[run.day] = (levels[run.day] ?? 0) + run.durationSec;
  const costLevels = problem === 'job-cost-spike' ? boostRecent(levels, periods, rng.float(3, 4)) : levels;
  const compact = compactRuns(runs);
  const series = {
    [SERIES.costUsd]: scaleToWindowTotal(costLevels, periods, j.facts.costUsd, 2),
    [SERIES.dbus]: scaleToWindowTotal(costLevels, periods, j.facts.dbus, 2),
    [SERIES.runDurationSec]: compact.map((r) => round(r.durationSec, 0)),
    [SERIES.runDay]: compact.map((r) => r.day),
    [SERIES.runConfigVersion]: compact.map((r) => r.configVersion),
  };
  j.series = series;
  Object.assign(j.facts, commonBaselineFacts(series, periods), jobBaselineFacts(series, periods));
}

/** Day index of each run (one entry per run, oldest first) from the job's schedule and its window run count. */
function runDaysOf(rng: Rng, j: JobResource, periods: SeriesPeriods, startMs: number): number[] {
  const total = periods.baselineDays + periods.windowDays;
  const cron = j.config.schedule?.quartz_cron_expression ?? '';
  const days: number[] = [];
  if (j.facts.runs === periods.windowDays * 24) {
    for (let day = 0; day < total; day++) for (let h = 0; h < 24; h++) days.push(day);
  } else if (j.facts.runs === periods.windowDays && cron !== '') {
    for (let day = 0; day < total; day++) days.push(day);
  } else if (cron.endsWith('MON')) {
    for (let day = 0; day < total; day++) if (weekdayOf(startMs, day) === 1) days.push(day);
  } else {
    const pick = (from: number, span: number, count: number): number[] =>
      Array.from({ length: count }, () => from + rng.int(0, span - 1));
    days.push(
      ...pick(0, periods.baselineDays, j.facts.runs),
      ...pick(periods.baselineDays, periods.windowDays, j.facts.runs),
    );
    days.sort((a, b) => a - b);
  }
  return days;
}

function windowSum(series: readonly number[], periods: SeriesPeriods): number {
  let sum = 0;
  for (let i = periods.baselineDays; i < series.length; i++) sum += series[i] ?? 0;
  return sum;
}
