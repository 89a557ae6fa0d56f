import type { ClusterResource, JobResource } from '../schema.ts';
import type { MakeContext } from './make-context.ts';
import { STEMS } from './names.ts';
import { makeOwnership, resourceIdentity } from './ownership.ts';
import { listPrice } from './prices.ts';
import type { JobProblem } from './problems.ts';
import { round } from './rng.ts';

/** Planted cost problems are sized to clear the default savings floor (25 USD/month) with a margin. */
const PLANTED_MIN_USD_PER_MONTH = 40;

type JobTask = JobResource['config']['tasks'][number];

const TASK_KEYS = ['ingest', 'transform', 'validate', 'aggregate', 'publish', 'train', 'score', 'export', 'notify'];
const SCHEDULES = {
  daily: { cron: '0 0 2 * * ?', suffixes: ['nightly', 'daily'] },
  hourly: { cron: '0 15 * * * ?', suffixes: ['hourly', 'incremental'] },
  weekly: { cron: '0 0 6 ? * MON', suffixes: ['weekly'] },
  none: { cron: '', suffixes: ['backfill', 'adhoc', 'manual-refresh'] },
} as const;
type ScheduleKind = keyof typeof SCHEDULES;

/** An all-purpose cluster a job-on-all-purpose-compute job runs tasks on, and how many task hours it can still absorb. */
export interface AllPurposeTarget {
  cluster: ClusterResource;
  /** Running hours of the cluster not yet attributed to other jobs. */
  availableHours: number;
}

/**
 * One job with 1-5 tasks. Facts follow their derivations: runs from the schedule and window,
 * failedRuns ≤ runs, consecutiveFailures ≤ failedRuns, p50 ≤ p95 ≤ max duration (s), runawayRuns > 0 only
 * when max > 3 × p50, dbus = own job-compute DBUs + all-purpose DBUs pro-rated by task time,
 * costUsd = dbus × usdPerDbu, failed/retry/runaway costs ≤ costUsd.
 * `problem` plants the condition of that rule; `target` is required for job-on-all-purpose-compute.
 */
export function makeJob(
  ctx: MakeContext,
  id: string,
  problem: JobProblem | null,
  target: AllPurposeTarget | undefined,
): JobResource {
  const { rng, site, team } = ctx;
  const { tags, owners } = makeOwnership(rng, 'job', team, problem === 'job-missing-tags');
  const needsRuns = problem === 'job-repeated-failures' || problem === 'job-no-timeout-runaway' || target !== undefined;
  // Jobs on all-purpose compute run daily so their task hours fit the cluster's spare running hours.
  const scheduleKind: ScheduleKind = needsRuns
    ? target !== undefined || rng.chance(0.8)
      ? 'daily'
      : 'hourly'
    : rng.pick(['daily', 'daily', 'daily', 'hourly', 'weekly', 'none'] as const);
  const schedule = SCHEDULES[scheduleKind];
  const runs = runsOf(scheduleKind, ctx.windowDays, rng.int(1, 20));
  const name = `${rng.pick(STEMS[team])}-${rng.pick(schedule.suffixes)}`;

  const taskCount = rng.int(1, 5);
  const keys = [...TASK_KEYS];
  const tasks: JobTask[] = [];
  for (let i = 0; i < taskCount; i++) {
    const [key = `task_${i}`] = keys.splice(rng.int(0, keys.length - 1), 1);
    const task: JobTask = { task_key: key, job_cluster_key: 'main_cluster' };
    if (rng.chance(0.4)) {
      task.max_retries = rng.int(0, 3);
      task.min_retry_interval_millis = rng.pick([0, 60000, 300000]);
      task.retry_on_timeout = false;
    }
    tasks.push(task);
  }
  if (problem === 'job-unbounded-retries') {
    const task = rng.pick(tasks);
    task.max_retries = rng.pick([-1, -1, 5, 10]);
    task.min_retry_interval_millis = 0;
  }
  // Decoys (issue 15), healthy by Databricks' own guidance: a continuous streaming job with unlimited
  // retries (https://docs.databricks.com/aws/en/jobs/continuous), and a job without a job-level timeout
  // whose every task has one (bounded although timeout_seconds = 0) and which had a long run.
  const streaming = problem === null && target === undefined && scheduleKind === 'none' && taskCount === 1;
  const taskTimeouts = problem === null && target === undefined && scheduleKind === 'weekly' && taskCount <= 2;
  if (streaming) {
    for (const task of tasks) {
      task.max_retries = -1;
      task.min_retry_interval_millis = 0;
    }
  }
  let apTasks = 0;
  if (target !== undefined) {
    apTasks = rng.int(1, taskCount);
    for (const task of tasks.slice(0, apTasks)) {
      delete task.job_cluster_key;
      task.existing_cluster_id = target.cluster.id;
    }
  }
  const apShare = apTasks / taskCount;

  // Median duration; for jobs on all-purpose compute derived from the task hours the cluster can absorb.
  let p50 = scheduleKind === 'hourly' ? rng.int(60, 900) : rng.int(120, 3600);
  if (target !== undefined) {
    // At least the task hours whose price difference clears the default savings floor (with a margin).
    const priceGap =
      listPrice(site.workspace.cloud, site.tier, 'ALL_PURPOSE_COMPUTE') -
      listPrice(site.workspace.cloud, site.tier, 'JOBS_COMPUTE');
    const floorHours =
      (PLANTED_MIN_USD_PER_MONTH * (ctx.windowDays / 30)) / (target.cluster.facts.dbuPerHour * priceGap);
    const apHours = Math.min(target.availableHours, Math.max(rng.float(2, 40), floorHours));
    p50 = Math.max(30, Math.floor((apHours * 3600) / (runs * 1.1 * apShare)));
  }
  const p95 = Math.round(p50 * rng.float(1.05, 1.8));
  let max = Math.round(p95 * rng.float(1, 1.3));
  let runawayRuns = 0;
  if (problem === 'job-no-timeout-runaway') {
    max = Math.round(p50 * rng.float(4, 12));
    runawayRuns = rng.int(1, Math.min(3, runs));
  }
  let timeout = problem === 'job-no-timeout-runaway' || rng.chance(0.4) ? 0 : rng.pick([3600, 7200, 14400, 21600]);
  if (timeout > 0 && timeout < max) timeout = Math.ceil((max * 1.5) / 3600) * 3600;
  if (taskTimeouts) {
    max = p50 * 4;
    runawayRuns = 1;
    timeout = 0;
    for (const task of tasks) task.timeout_seconds = Math.ceil((max * 1.5) / 3600) * 3600;
  }
  if (streaming) timeout = 0;

  let failedRuns = Math.floor(runs * rng.float(0, 0.08));
  let consecutiveFailures = rng.int(0, Math.min(1, failedRuns));
  if (problem === 'job-repeated-failures') {
    failedRuns = Math.min(runs, Math.max(3, Math.ceil(runs * rng.float(0.25, 0.6))));
    consecutiveFailures = rng.chance(0.6) ? rng.int(3, Math.min(failedRuns, 12)) : rng.int(0, 2);
  }
  const maxRetries = Math.max(0, ...tasks.map((t) => t.max_retries ?? 0));
  let retryRuns = maxRetries > 0 ? rng.int(0, failedRuns) : 0;
  if (problem === 'job-unbounded-retries') retryRuns = rng.int(Math.min(2, runs), Math.min(runs, 20));

  const node = rng.pick(site.nodeTypes);
  const jobDbuPerHour = (1 + rng.int(2, 10)) * node.dbuPerHour;
  const jobsUsdPerDbu = listPrice(site.workspace.cloud, site.tier, 'JOBS_COMPUTE');
  if (problem === 'job-no-timeout-runaway') {
    // A hung run without a timeout runs on for hours: the time beyond 3 × the median is worth at least twice
    // the planted minimum (the estimate is also capped at half the job's cost), so it clears the savings floor.
    const neededSec =
      ((2 * PLANTED_MIN_USD_PER_MONTH * (ctx.windowDays / 30)) / (jobDbuPerHour * jobsUsdPerDbu)) * 3600;
    max = Math.max(max, 3 * p50 + Math.ceil(neededSec / runawayRuns));
  }
  const meanSec = p50 * 1.1;
  const runawayExtraSec = runawayRuns * (max - 3 * p50);
  const ownHours = ((runs * meanSec + runawayExtraSec) * (1 - apShare)) / 3600;
  const ownDbus = round(ownHours * jobDbuPerHour);
  const allPurposeUsdPerDbu = listPrice(site.workspace.cloud, site.tier, 'ALL_PURPOSE_COMPUTE');
  const allPurposeTaskHours = target === undefined ? 0 : round((runs * meanSec * apShare) / 3600);
  const allPurposeDbus = target === undefined ? 0 : round(allPurposeTaskHours * target.cluster.facts.dbuPerHour);
  if (target !== undefined) {
    target.availableHours -= allPurposeTaskHours;
    target.cluster.facts.jobTaskRuns += runs * apTasks;
  }
  const dbus = round(ownDbus + allPurposeDbus);
  const costUsd = round(ownDbus * jobsUsdPerDbu + allPurposeDbus * allPurposeUsdPerDbu);
  const usdPerDbu = dbus > 0 ? round(costUsd / dbus, 6) : jobsUsdPerDbu;
  const costPerSec = costUsd / (runs * meanSec + runawayExtraSec);

  return {
    ...resourceIdentity('job', site.workspace.id, id, name, { tags, owners }),
    config: {
      name,
      timeout_seconds: timeout,
      max_concurrent_runs: 1,
      ...(streaming ? { continuous: { pause_status: 'UNPAUSED' } } : {}),
      ...(scheduleKind === 'none'
        ? {}
        : {
            schedule: {
              quartz_cron_expression: schedule.cron,
              timezone_id: rng.pick(['UTC', 'Europe/Amsterdam', 'America/New_York']),
            },
          }),
      health_rules: [],
      tasks,
    },
    facts: {
      dbus,
      costUsd,
      runs,
      failedRuns,
      consecutiveFailures,
      retryRuns,
      retryCostUsd: round((costUsd * retryRuns) / runs),
      failedRunCostUsd: round((costUsd * failedRuns) / runs),
      p50DurationSec: p50,
      p95DurationSec: p95,
      maxDurationSec: max,
      runawayRuns,
      runawayCostUsd: round(Math.min(costUsd * 0.5, runawayExtraSec * costPerSec)),
      allPurposeTaskHours,
      allPurposeDbus,
      allPurposeUsdPerDbu,
      jobsUsdPerDbu,
      usdPerDbu,
    },
  };
}

function runsOf(kind: ScheduleKind, windowDays: number, triggered: number): number {
  switch (kind) {
    case 'daily':
      return windowDays;
    case 'hourly':
      return windowDays * 24;
    case 'weekly':
      return Math.ceil(windowDays / 7);
    case 'none':
      return triggered;
    default: {
      const never: never = kind;
      return never;
    }
  }
}
