import type {
  ClusterResource,
  JobResource,
  Owners,
  PipelineResource,
  Price,
  TableResource,
  WarehouseResource,
  Workspace,
  WorkspaceResource,
} from '../../snapshot/schema.ts';
import { skuPatternOf, warehouseSkuGroup } from '../../snapshot/sku-groups.ts';
import { sizeStepCostRatio, WAREHOUSE_DBU_PER_HOUR, WAREHOUSE_SIZES } from '../../snapshot/warehouse-sizes.ts';
import { commonBaselineFacts, jobBaselineFacts, SERIES, warehouseBaselineFacts } from '../../stats/baseline-facts.ts';
import type { SeriesPeriods } from '../../stats/periods.ts';
import { clusterEventFacts } from '../facts/cluster-event-facts.ts';
import { pipelineUpdateCounts } from '../facts/pipeline-update-facts.ts';
import { ALL_PURPOSE_SKU, JOBS_SKU, listPrice } from '../facts/price-facts.ts';
import { runtimeSupportFacts } from '../facts/runtime-support-facts.ts';
import type { TableHistory } from '../facts/table-facts.ts';
import type { ResourceUsage } from '../facts/usage-facts.ts';
import { resourceKey, windowDays } from '../facts/values.ts';
import type { WarehouseQueryDay } from '../facts/warehouse-query-series-facts.ts';
import type {
  ClusterEvent,
  ClusterInfo,
  JobInfo,
  PipelineInfo,
  PipelineUpdateInfo,
  RunInfo,
  WarehouseInfo,
} from '../rest/schemas.ts';
import type { SqlFacts } from './collect-sql-facts.ts';
import { clusterConfigOf, jobConfigOf, pipelineConfigOf, warehouseConfigOf } from './resource-config.ts';

export interface BuildContext {
  workspace: Workspace;
  facts: SqlFacts;
  prices: readonly Price[];
  window: { start: string; end: string };
  runtimeEndOfSupport: Readonly<Record<string, string>>;
  /** First day of the baseline period (Snapshot.baseline.start) = index 0 of every daily series. */
  seriesStart: string;
  /** Baseline, window and recent days of the series (src/stats/periods.ts). */
  periods: SeriesPeriods;
}

function owners(values: Owners): Owners {
  const out: Owners = {};
  if (values.owner !== undefined) out.owner = values.owner;
  if (values.creator !== undefined) out.creator = values.creator;
  if (values.runAs !== undefined) out.runAs = values.runAs;
  return out;
}

/** A daily series over the baseline period + window (index 0 = ctx.seriesStart), 0 on days without rows. */
function dailySeries(ctx: BuildContext, daily: ReadonlyMap<string, number> | undefined): number[] {
  return windowDays(ctx.seriesStart, ctx.window.end).map((day) => daily?.get(day) ?? 0);
}

/** The `costUsd` and `dbus` daily series of a resource's usage (SERIES in src/stats/baseline-facts.ts). */
function usageSeries(ctx: BuildContext, usage: ResourceUsage | undefined): Record<string, number[]> {
  return {
    [SERIES.costUsd]: dailySeries(ctx, usage?.dailyCostUsd),
    [SERIES.dbus]: dailySeries(ctx, usage?.dailyDbus),
  };
}

/** One field of a warehouse's query days as a map day → value. */
function queryDayMap(
  days: ReadonlyMap<string, WarehouseQueryDay> | undefined,
  field: keyof WarehouseQueryDay,
): Map<string, number> {
  return new Map([...(days ?? new Map<string, WarehouseQueryDay>())].map(([day, counts]) => [day, counts[field]]));
}

/** REST warehouse + SQL facts → snapshot warehouse resource (schema.ts WarehouseFacts derivations). */
export function buildWarehouse(ctx: BuildContext, info: WarehouseInfo): WarehouseResource {
  const ws = ctx.workspace.id;
  const usage = ctx.facts.usage.get('warehouse', ws, info.id);
  const activity = ctx.facts.warehouseActivity.get(resourceKey(ws, info.id));
  const queries = ctx.facts.warehouseQueries.get(ws, info.id);
  const dbus = usage?.dbus ?? 0;
  const costUsd = usage?.costUsd ?? 0;
  const clusterHours = activity?.clusterHours ?? 0;
  const sizeIndex = (WAREHOUSE_SIZES as readonly string[]).indexOf(info.cluster_size);
  const workers = sizeIndex < 0 ? 0 : 2 ** sizeIndex;
  const capacityMs = clusterHours * 3.6e6 * workers;
  const days = ctx.facts.warehouseQueryDays.get(ws, info.id);
  const series = {
    ...usageSeries(ctx, usage),
    [SERIES.queryCount]: dailySeries(ctx, queryDayMap(days, 'queries')),
    [SERIES.spilledBytes]: dailySeries(ctx, queryDayMap(days, 'spilledBytes')),
    [SERIES.failedQueriesTotal]: dailySeries(ctx, queryDayMap(days, 'failed')),
  };
  return {
    kind: 'warehouse',
    workspaceId: ws,
    id: info.id,
    name: info.name || (ctx.facts.scd.warehouseNames.get(resourceKey(ws, info.id)) ?? info.id),
    owners: owners({ owner: info.creator_name, creator: info.creator_name }),
    series,
    ...warehouseConfigOf(info),
    facts: {
      dbus,
      costUsd,
      runningHours: activity?.runningHours ?? 0,
      clusterHours,
      idleHours: activity?.idleHours ?? 0,
      idleTailHours: activity?.idleTailHours ?? 0,
      idleTailCount: activity?.idleTailCount ?? 0,
      extraClusterIdleHours: activity?.extraClusterIdleHours ?? 0,
      queryCount: queries?.queryCount ?? 0,
      failedQueryCount: queries?.failedQueryCount ?? 0,
      queriesWithSpill: queries?.queriesWithSpill ?? 0,
      spilledBytes: queries?.spilledBytes ?? 0,
      queuedQueries: queries?.queuedQueries ?? 0,
      p95QueueMs: queries?.p95QueueMs ?? 0,
      p95DurationMs: queries?.p95DurationMs ?? 0,
      utilizationPct: capacityMs > 0 ? ((queries?.totalTaskMs ?? 0) / capacityMs) * 100 : 0,
      dbuPerHour: dbus > 0 && clusterHours > 0 ? dbus / clusterHours : (WAREHOUSE_DBU_PER_HOUR[info.cluster_size] ?? 0),
      // Without usage, the list price of the warehouse's own type: serverless, pro and classic are priced apart.
      usdPerDbu:
        dbus > 0 ? costUsd / dbus : listPrice(ctx.prices, ctx.workspace.cloud, skuPatternOf(warehouseSkuGroup(info))),
      // No error class and no principals are read live (docs/security.md): only the all-classes total.
      ...commonBaselineFacts(series, ctx.periods),
      ...warehouseBaselineFacts(series, ctx.periods, undefined, sizeStepCostRatio(info.cluster_size, 1)),
    },
  };
}

/** REST all-purpose cluster + events + SQL facts → snapshot cluster resource. */
export function buildCluster(ctx: BuildContext, info: ClusterInfo, events: readonly ClusterEvent[]): ClusterResource {
  const ws = ctx.workspace.id;
  const usage = ctx.facts.usage.get('cluster', ws, info.cluster_id);
  const util = ctx.facts.clusterUtilisation.get(ws, info.cluster_id);
  const dbus = usage?.dbus ?? 0;
  const costUsd = usage?.costUsd ?? 0;
  const runningHours = util?.runningHours ?? 0;
  const series = usageSeries(ctx, usage);
  return {
    kind: 'cluster',
    workspaceId: ws,
    id: info.cluster_id,
    name: info.cluster_name,
    owners: owners({
      owner:
        ctx.facts.scd.clusterOwner.get(resourceKey(ws, info.cluster_id)) ??
        info.single_user_name ??
        info.creator_user_name,
      creator: info.creator_user_name,
    }),
    series,
    ...clusterConfigOf(info),
    facts: {
      dbus,
      costUsd,
      runningHours,
      idleHours: util?.idleHours ?? 0,
      idleStretches: util?.idleStretches ?? 0,
      avgCpuPct: util?.avgCpuPct ?? 0,
      maxMemPct: util?.maxMemPct ?? 0,
      dbuPerHour: runningHours > 0 ? dbus / runningHours : 0,
      usdPerDbu: dbus > 0 ? costUsd / dbus : listPrice(ctx.prices, ctx.workspace.cloud, ALL_PURPOSE_SKU),
      jobTaskRuns: ctx.facts.taskCompute.taskRunsOn(ws, info.cluster_id),
      ...clusterEventFacts(events),
      ...runtimeSupportFacts(info.spark_version, ctx.runtimeEndOfSupport, ctx.window.end),
      ...commonBaselineFacts(series, ctx.periods),
    },
  };
}

/**
 * REST job + runs + SQL facts → snapshot job resource. All-purpose attribution: for each all-purpose
 * cluster in the job's task compute ids, share = task seconds / max(cluster running seconds, all task
 * seconds on it); allPurposeDbus/cost = the cluster's dbus/cost × share.
 */
export function buildJob(
  ctx: BuildContext,
  info: JobInfo,
  runs: readonly RunInfo[],
  allPurposeClusters: ReadonlySet<string>,
): JobResource {
  const ws = ctx.workspace.id;
  const usage = ctx.facts.usage.get('job', ws, info.job_id);
  const stats = ctx.facts.jobRuns.get(resourceKey(ws, info.job_id));
  let allPurposeSeconds = 0;
  let allPurposeDbus = 0;
  let allPurposeCost = 0;
  for (const [computeId, seconds] of ctx.facts.taskCompute.secondsByCompute(ws, info.job_id)) {
    if (!allPurposeClusters.has(computeId)) continue;
    allPurposeSeconds += seconds;
    const clusterUsage = ctx.facts.usage.get('cluster', ws, computeId);
    const runningSeconds = (ctx.facts.clusterUtilisation.get(ws, computeId)?.runningHours ?? 0) * 3600;
    const denominator = Math.max(runningSeconds, ctx.facts.taskCompute.taskSecondsOn(ws, computeId));
    const share = denominator > 0 ? seconds / denominator : 0;
    allPurposeDbus += (clusterUsage?.dbus ?? 0) * share;
    allPurposeCost += (clusterUsage?.costUsd ?? 0) * share;
  }
  const retries = runs.filter((r) => r.attempt_number > 0);
  const ownDbus = usage?.dbus ?? 0;
  const ownCost = usage?.costUsd ?? 0;
  const jobsUsdPerDbu = listPrice(ctx.prices, ctx.workspace.cloud, JOBS_SKU);
  const runAs = info.run_as_user_name ?? ctx.facts.scd.jobRunAs.get(resourceKey(ws, info.job_id));
  const runSeries = ctx.facts.jobRunSeries.seriesOf(
    ws,
    info.job_id,
    ctx.seriesStart,
    ctx.periods.baselineDays + ctx.periods.windowDays,
  );
  const series: Record<string, number[]> = { ...usageSeries(ctx, usage), ...runSeries };
  return {
    kind: 'job',
    workspaceId: ws,
    id: info.job_id,
    name: info.settings.name,
    owners: owners({ owner: info.creator_user_name, creator: info.creator_user_name, runAs }),
    series,
    ...jobConfigOf(info),
    facts: {
      dbus: ownDbus + allPurposeDbus,
      costUsd: ownCost + allPurposeCost,
      runs: stats?.runs ?? 0,
      failedRuns: stats?.failedRuns ?? 0,
      consecutiveFailures: stats?.consecutiveFailures ?? 0,
      retryRuns: retries.length,
      retryCostUsd: retries.reduce((sum, r) => sum + ctx.facts.runCost.costOf(ws, r.run_id), 0),
      failedRunCostUsd: stats?.failedRunCostUsd ?? 0,
      p50DurationSec: stats?.p50DurationSec ?? 0,
      p95DurationSec: stats?.p95DurationSec ?? 0,
      maxDurationSec: stats?.maxDurationSec ?? 0,
      runawayRuns: stats?.runawayRuns ?? 0,
      runawayCostUsd: stats?.runawayCostUsd ?? 0,
      allPurposeTaskHours: allPurposeSeconds / 3600,
      allPurposeDbus,
      allPurposeUsdPerDbu: listPrice(ctx.prices, ctx.workspace.cloud, ALL_PURPOSE_SKU),
      jobsUsdPerDbu,
      usdPerDbu: ownDbus > 0 ? ownCost / ownDbus : jobsUsdPerDbu,
      ...(stats?.modes === undefined
        ? {}
        : {
            optimizedModeRuns: stats.modes.PERFORMANCE_OPTIMIZED.runs,
            optimizedModeP50DurationSec: stats.modes.PERFORMANCE_OPTIMIZED.p50DurationSec,
            optimizedModeCostPerRunUsd: stats.modes.PERFORMANCE_OPTIMIZED.medianCostUsd,
            standardModeRuns: stats.modes.STANDARD.runs,
            standardModeFailedRuns: stats.modes.STANDARD.failedRuns,
            standardModeP50DurationSec: stats.modes.STANDARD.p50DurationSec,
            standardModeCostPerRunUsd: stats.modes.STANDARD.medianCostUsd,
          }),
      ...commonBaselineFacts(series, ctx.periods),
      ...jobBaselineFacts(series, ctx.periods),
    },
  };
}

/**
 * REST pipeline + its updates in the window + `usage-by-pipeline-hour` + `pipeline-update-hours` → snapshot pipeline
 * resource. Owners: the creator (owner and creator, as for jobs) and the run-as identity (REST `run_as_user_name`).
 * `updateHours` comes from system.lakeflow.pipeline_update_timeline: absent when that table was not read, and absent
 * when it has no update of the pipeline in the window (the system table lags: its data is updated throughout the
 * day, https://docs.databricks.com/aws/en/admin/system-tables/), except 0 for a triggered pipeline the REST API lists
 * no update of in the window either (a continuous pipeline's update may have started before the window).
 * `activeHours` and `outputRows` come from `pipeline-activity-hours` over the Beta table
 * system.lakeflow_pipeline_events_preview.pipeline_events (https://docs.databricks.com/aws/en/admin/system-tables/pipeline-events),
 * only with `databricks.betaPipelineEvents: true`: absent when that option is off, when the table was not readable,
 * and when it has no flow_progress event of the pipeline in the window (resource-kinds-schema.ts PipelineFacts). Without usage the price is the list price of the pipeline's DLT edition SKU (any DLT SKU when the
 * edition is not set).
 */
export function buildPipeline(
  ctx: BuildContext,
  info: PipelineInfo,
  updates: readonly PipelineUpdateInfo[],
): PipelineResource {
  const ws = ctx.workspace.id;
  const usage = ctx.facts.pipelineUsage.get(ws, info.pipeline_id);
  const dbus = usage?.dbus ?? 0;
  const costUsd = usage?.costUsd ?? 0;
  const edition = info.spec.edition?.toUpperCase();
  const sku = edition === undefined ? skuPatternOf('DLT') : new RegExp(`DLT_${edition}_COMPUTE`);
  const counts = pipelineUpdateCounts(updates);
  const timeline = ctx.facts.pipelineUpdateHours;
  const config = pipelineConfigOf(info);
  const noUpdateAnywhere = counts.updates === 0 && config.config.continuous !== true;
  const updateHours =
    timeline === undefined ? undefined : (timeline.hoursOf(info.pipeline_id) ?? (noUpdateAnywhere ? 0 : undefined));
  return {
    kind: 'pipeline',
    workspaceId: ws,
    id: info.pipeline_id,
    name: info.name || info.pipeline_id,
    owners: owners({
      owner: info.creator_user_name,
      creator: info.creator_user_name,
      runAs: info.run_as_user_name,
    }),
    ...config,
    facts: {
      dbus,
      costUsd,
      usdPerDbu: dbus > 0 ? costUsd / dbus : listPrice(ctx.prices, ctx.workspace.cloud, sku),
      billedHours: usage?.billedHours ?? 0,
      ...counts,
      ...(updateHours === undefined ? {} : { updateHours }),
      ...ctx.facts.pipelineActivity?.get(info.pipeline_id),
    },
  };
}

/**
 * A table from predictive-optimization history → snapshot table resource: id = table_id, name =
 * catalog.schema.table (Class B). No system table lakewarden reads carries a table's tags or owner, so both
 * are empty and its findings route by the routing rules or to the default queue.
 */
export function buildTable(ctx: BuildContext, history: TableHistory): TableResource {
  return {
    kind: 'table',
    workspaceId: ctx.workspace.id,
    id: history.tableId,
    name: `${history.catalog}.${history.schema}.${history.table}`,
    tags: {},
    owners: {},
    config: { catalog_name: history.catalog, schema_name: history.schema, table_name: history.table },
    facts: history.facts,
  };
}

/**
 * The workspace as one resource (workspace-cost-spike): its daily cost and DBUs over every product
 * (`usage-by-workspace-day`), window totals and the anomaly facts of src/stats. Tags and owners are empty: no
 * system table lakewarden reads carries a workspace owner, so its findings go to the default queue unless a
 * routing rule matches.
 */
export function buildWorkspace(ctx: BuildContext): WorkspaceResource {
  const usage = ctx.facts.workspaceUsage.get(ctx.workspace.id);
  const series = usageSeries(ctx, usage);
  return {
    kind: 'workspace',
    workspaceId: ctx.workspace.id,
    id: ctx.workspace.id,
    name: ctx.workspace.name,
    tags: {},
    owners: {},
    series,
    config: { cloud: ctx.workspace.cloud, region: ctx.workspace.region },
    facts: {
      dbus: usage?.dbus ?? 0,
      costUsd: usage?.costUsd ?? 0,
      ...commonBaselineFacts(series, ctx.periods),
    },
  };
}
