import { endOfSupportOf } from '../runtime-end-of-support.ts';
import type { ClusterResource } from '../schema.ts';
import type { MakeContext } from './make-context.ts';
import { STEMS } from './names.ts';
import { makeOwnership, resourceIdentity } from './ownership.ts';
import { listPrice } from './prices.ts';
import type { ClusterProblem } from './problems.ts';
import { round } from './rng.ts';
import { daysBetween } from './runtime-support.ts';

/** spark_version strings in use, oldest first (REST spelling). */
const SPARK_VERSIONS = [
  '11.3.x-scala2.12',
  '12.2.x-scala2.12',
  '13.3.x-scala2.12',
  '14.3.x-scala2.12',
  '15.4.x-scala2.12',
  '15.4.x-photon-scala2.12',
  '16.2.x-scala2.12', // not LTS: supported six months, long out of support by the sample's window
  '16.4.x-scala2.12',
  '16.4.x-cpu-ml-scala2.12',
  '17.3.x-scala2.13',
  '18.0.x-scala2.13',
] as const;

/** Days from the window end below which a runtime counts as (nearly) unsupported (rule warnDays default). */
const WARN_DAYS = 90;

/**
 * One cluster: all-purpose (cluster_source UI/API) when `jobId` is null, else a cluster of one run of that job
 * (JOB, named `job-<jobId>-run-<runId>`; `ctx` carries the job's workspace and team).
 * Facts follow their derivations: dbuPerHour = (driver + average workers) × DBU/h of the node type,
 * dbus = runningHours × dbuPerHour, costUsd = dbus × usdPerDbu (all-purpose or jobs list price),
 * idleHours ≤ runningHours, idleStretches from the auto-termination delay, runtimeDaysToEndOfSupport from the window end and the end-of-support table.
 * `problem` plants the condition of that rule (only with `jobId` null: every cluster rule targets all-purpose
 * compute); null = healthy (no rule fires).
 */
export function makeCluster(
  ctx: MakeContext,
  id: string,
  problem: ClusterProblem | null,
  jobId: string | null,
): ClusterResource {
  const { rng, site, team } = ctx;
  const windowHours = ctx.windowDays * 24;
  const allPurpose = jobId === null;
  const { tags, owners } = makeOwnership(rng, 'cluster', team, problem === 'cluster-missing-tags');
  const creator = owners.creator ?? 'unknown.user@example.com';

  const node = rng.pick(site.nodeTypes);
  const driver = rng.chance(0.7) ? node : rng.pick(site.nodeTypes);
  const autoscaled = rng.chance(0.5);
  const minWorkers = rng.int(1, 4);
  const maxWorkers = minWorkers + rng.int(2, 10);
  const fixedWorkers = rng.int(1, 8);
  const avgWorkers = autoscaled ? minWorkers + rng.float(0, 0.5) * (maxWorkers - minWorkers) : fixedWorkers;
  const dbuPerHour = round(driver.dbuPerHour + avgWorkers * node.dbuPerHour, 4);

  const supported = SPARK_VERSIONS.filter((v) => daysToEos(ctx, v) === null || (daysToEos(ctx, v) ?? 0) >= WARN_DAYS);
  // Non-LTS releases (not in the end-of-support table) weigh three times: the class the rule used to miss.
  const unsupported = SPARK_VERSIONS.filter((v) => (daysToEos(ctx, v) ?? WARN_DAYS) < WARN_DAYS).flatMap((v) =>
    endOfSupportIsDerived(ctx, v) ? [v, v, v] : [v],
  );
  const sparkVersion =
    problem === 'cluster-unsupported-runtime'
      ? rng.pick(unsupported.length > 0 ? unsupported : SPARK_VERSIONS)
      : rng.pick(supported.length > 0 ? supported : SPARK_VERSIONS);
  const endOfSupport = endOfSupportOf(sparkVersion, ctx.endOfSupport);

  let state = allPurpose && rng.chance(0.3) ? 'RUNNING' : 'TERMINATED';
  let autotermination = allPurpose ? rng.pick([20, 30, 45, 60, 60, 120]) : 0;
  let runningHours: number;
  let idleShare: number;
  let avgCpuPct = rng.float(15, 65);
  if (!allPurpose) {
    runningHours = rng.float(0.1, 6);
    idleShare = rng.float(0, 0.05);
    avgCpuPct = rng.float(35, 85);
  } else if (problem === 'cluster-no-auto-termination') {
    autotermination = rng.pick([0, 0, 240, 480, 1440]);
    runningHours = rng.float(0.5, 1) * windowHours;
    idleShare = rng.float(0.2, 0.5);
    avgCpuPct = rng.float(12, 35);
  } else if (problem === 'cluster-idle-running') {
    state = 'RUNNING';
    autotermination = rng.pick([60, 120]);
    runningHours = Math.max(101, rng.float(0.6, 1) * windowHours);
    idleShare = rng.float(0.55, 0.85);
    avgCpuPct = rng.float(1.5, 8);
  } else {
    runningHours = rng.float(10, 0.5 * windowHours);
    idleShare = rng.float(0, 0.3);
  }
  runningHours = round(Math.min(runningHours, windowHours));
  // Decoy (issue 15): a busy-but-light all-purpose cluster, low average CPU but work in most hours. The old
  // average-CPU idle test flagged it; idle hours (≤ 30 % here) do not.
  if (problem === null && allPurpose && state === 'RUNNING' && runningHours > 100) avgCpuPct /= 8;
  const idleHours = round(runningHours * idleShare);
  // Idle hours come in stretches: nights and weekends for a cluster that never terminates (about 14 h each),
  // else at most one auto-termination delay (rounded up to whole hours) before it stops.
  const stretchHours = autotermination === 0 ? 14 : Math.max(1, Math.ceil(autotermination / 60));
  const idleStretches = idleHours > 0 ? Math.max(1, Math.ceil(idleHours / stretchHours)) : 0;
  const dbus = round(runningHours * dbuPerHour);
  const usdPerDbu = listPrice(site.workspace.cloud, site.tier, allPurpose ? 'ALL_PURPOSE_COMPUTE' : 'JOBS_COMPUTE');

  let oomTerminations = 0;
  let driverNotRespondingEvents = rng.chance(0.1) ? 1 : 0;
  let nodesLostEvents = 0;
  let maxMemPct = rng.float(35, 92);
  if (problem === 'cluster-memory-pressure') {
    if (rng.chance(0.6)) {
      oomTerminations = rng.int(1, 4);
      driverNotRespondingEvents = rng.int(1, 5);
      nodesLostEvents = rng.int(0, 3);
      maxMemPct = rng.float(93, 100);
    } else maxMemPct = rng.float(98, 100);
  }

  const name = allPurpose ? allPurposeName(ctx, creator) : `job-${jobId}-run-${rng.digits(14)}`;
  return {
    ...resourceIdentity('cluster', site.workspace.id, id, name, { tags, owners }),
    config: {
      cluster_name: name,
      cluster_source: allPurpose ? (rng.chance(0.7) ? 'UI' : 'API') : 'JOB',
      state,
      spark_version: sparkVersion,
      node_type_id: node.id,
      driver_node_type_id: driver.id,
      ...(autoscaled
        ? { autoscale: { min_workers: minWorkers, max_workers: maxWorkers } }
        : { num_workers: fixedWorkers }),
      autotermination_minutes: autotermination,
      data_security_mode: allPurpose && rng.chance(0.5) ? 'USER_ISOLATION' : 'SINGLE_USER',
      ...(rng.chance(0.4) ? { policy_id: rng.hex(16).toUpperCase() } : {}),
    },
    facts: {
      dbus,
      costUsd: round(dbus * usdPerDbu),
      runningHours,
      idleHours,
      idleStretches,
      avgCpuPct: round(avgCpuPct, 1),
      maxMemPct: round(Math.min(100, maxMemPct), 1),
      dbuPerHour,
      usdPerDbu,
      jobTaskRuns: allPurpose ? 0 : rng.int(1, 5),
      oomTerminations,
      driverNotRespondingEvents,
      nodesLostEvents,
      runtimeEndOfSupport: endOfSupport,
      runtimeDaysToEndOfSupport: endOfSupport === null ? null : daysBetween(ctx.end, endOfSupport),
    },
  };
}

/** True when `sparkVersion` is not in the LTS table, so its end of support is derived (non-LTS). */
function endOfSupportIsDerived(ctx: MakeContext, sparkVersion: string): boolean {
  const [major, minor] = sparkVersion.split('.');
  return ctx.endOfSupport[`${major}.${minor}`] === undefined && ctx.endOfSupport[major ?? ''] === undefined;
}

function daysToEos(ctx: MakeContext, sparkVersion: string): number | null {
  const date = endOfSupportOf(sparkVersion, ctx.endOfSupport);
  return date === null ? null : daysBetween(ctx.end, date);
}

function allPurposeName(ctx: MakeContext, creator: string): string {
  const { rng, team } = ctx;
  const choice = rng.int(0, 2);
  if (choice === 0) {
    const [first = 'user', last = ''] = (creator.split('@')[0] ?? 'user').split('.');
    return `${capitalize(first)} ${capitalize(last)}'s Cluster`.replace("  's", "'s");
  }
  if (choice === 1) return `${rng.pick(STEMS[team])}-dev`;
  return `${team}-shared-${rng.pick(['notebooks', 'exploration', 'streaming', 'etl-dev'])}`;
}

function capitalize(word: string): string {
  return word.length === 0 ? word : `${word[0]?.toUpperCase()}${word.slice(1)}`;
}
