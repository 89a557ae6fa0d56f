import type { ResourceKind } from './schema.ts';

/*
 * Which system tables each fact is computed from (the derivations documented on each fact in
 * resource-kinds-schema.ts and baseline-facts-schema.ts; tables: https://docs.databricks.com/aws/en/admin/system-tables/).
 * Facts not listed come from the REST inventory or configuration and are always present. A snapshot collected
 * without a system table (Snapshot.missing) has those facts at 0/null, so rules reading them are not evaluated.
 * Optional facts that are left out rather than zeroed when their table is not read (a pipeline's `updateHours`, from
 * system.lakeflow.pipeline_update_timeline) are not listed: rules guard them with `has(facts.x)` and stay evaluable.
 */

const USAGE = 'system.billing.usage';
const PRICES = 'system.billing.list_prices';
const EVENTS = 'system.compute.warehouse_events';
const QUERIES = 'system.query.history';
const NODES = 'system.compute.node_timeline';
const CLUSTERS = 'system.compute.clusters';
const RUNS = 'system.lakeflow.job_run_timeline';
const TASK_RUNS = 'system.lakeflow.job_task_run_timeline';
const PO = 'system.storage.predictive_optimization_operations_history';

const COST = [USAGE, PRICES];

/** Anomaly facts of the daily cost/DBU series (CommonBaselineFacts). */
const COMMON_BASELINE: Record<string, readonly string[]> = {
  costBaselineUsdPerDay: COST,
  costRecentUsdPerDay: COST,
  costRobustZ: COST,
  costBaselineActiveDays: COST,
  costTrendUsdPerDayPerDay: COST,
  costExcessUsdPerMonth: COST,
  dbusBaselinePerDay: [USAGE],
  dbusRecentPerDay: [USAGE],
  dbusRobustZ: [USAGE],
};

const BY_KIND: Partial<Record<ResourceKind, Record<string, readonly string[]>>> = {
  warehouse: {
    dbus: [USAGE],
    costUsd: COST,
    runningHours: [EVENTS],
    clusterHours: [EVENTS],
    idleHours: [EVENTS, QUERIES],
    idleTailHours: [EVENTS, QUERIES],
    idleTailCount: [EVENTS, QUERIES],
    extraClusterIdleHours: [EVENTS, QUERIES],
    queryCount: [QUERIES],
    failedQueryCount: [QUERIES],
    queriesWithSpill: [QUERIES],
    spilledBytes: [QUERIES],
    queuedQueries: [QUERIES],
    p95QueueMs: [QUERIES],
    p95DurationMs: [QUERIES],
    utilizationPct: [QUERIES, EVENTS],
    dbuPerHour: [USAGE, EVENTS],
    usdPerDbu: COST,
    ...COMMON_BASELINE,
    queriesBaselinePerDay: [QUERIES],
    queriesRecentPerDay: [QUERIES],
    queriesRobustZ: [QUERIES],
    spillBytesPerQueryBaseline: [QUERIES],
    spillBytesPerQueryRecent: [QUERIES],
    spillRecentQueries: [QUERIES],
    failureTopClass: [QUERIES],
    failureTopClassRecent: [QUERIES],
    failureTopClassRecentDays: [QUERIES],
    failureTopClassBaselinePerDay: [QUERIES],
    failureTopClassRobustZ: [QUERIES],
    failureTopClassPrincipals: [QUERIES],
    failuresRecent: [QUERIES],
    failuresRecentDays: [QUERIES],
    failuresBaselinePerDay: [QUERIES],
    failuresRobustZ: [QUERIES],
    sizeUpExtraUsdPerMonth: [QUERIES, ...COST],
  },
  cluster: {
    dbus: [USAGE],
    costUsd: COST,
    runningHours: [NODES],
    idleHours: [NODES, TASK_RUNS],
    idleStretches: [NODES, TASK_RUNS],
    avgCpuPct: [NODES],
    maxMemPct: [NODES],
    dbuPerHour: [USAGE, NODES],
    usdPerDbu: COST,
    jobTaskRuns: [TASK_RUNS],
    ...COMMON_BASELINE,
  },
  job: {
    dbus: [USAGE, TASK_RUNS, NODES],
    costUsd: [...COST, TASK_RUNS, NODES],
    runs: [RUNS],
    failedRuns: [RUNS],
    consecutiveFailures: [RUNS],
    retryCostUsd: COST,
    failedRunCostUsd: [RUNS, ...COST],
    p50DurationSec: [RUNS],
    p95DurationSec: [RUNS],
    maxDurationSec: [RUNS],
    runawayRuns: [RUNS],
    runawayCostUsd: [RUNS, ...COST],
    allPurposeTaskHours: [TASK_RUNS, CLUSTERS],
    allPurposeDbus: [USAGE, TASK_RUNS, NODES, CLUSTERS],
    allPurposeUsdPerDbu: [PRICES],
    jobsUsdPerDbu: [PRICES],
    usdPerDbu: COST,
    optimizedModeRuns: [RUNS, USAGE],
    optimizedModeP50DurationSec: [RUNS, USAGE],
    optimizedModeCostPerRunUsd: [RUNS, ...COST],
    standardModeRuns: [RUNS, USAGE],
    standardModeFailedRuns: [RUNS, USAGE],
    standardModeP50DurationSec: [RUNS, USAGE],
    standardModeCostPerRunUsd: [RUNS, ...COST],
    ...COMMON_BASELINE,
    durationBaselineMedianSec: [RUNS],
    durationRecentMedianSec: [RUNS],
    durationRobustZ: [RUNS],
    durationBaselineRuns: [RUNS],
    durationRecentRuns: [RUNS],
    durationExcludedRuns: [RUNS],
    durationTrendSecPerDay: [RUNS],
    durationExcessUsdPerMonth: [RUNS, ...COST],
  },
  pipeline: { dbus: [USAGE], costUsd: COST, usdPerDbu: COST, billedHours: [USAGE] },
  workspace: { dbus: [USAGE], costUsd: COST, ...COMMON_BASELINE },
};

/**
 * The system tables a fact of a resource kind is computed from; [] for REST and configuration facts. Every
 * table fact (and the table resources themselves) comes from predictive-optimization history.
 */
export function factSources(kind: ResourceKind, fact: string): readonly string[] {
  if (kind === 'table') return [PO];
  return BY_KIND[kind]?.[fact] ?? [];
}
