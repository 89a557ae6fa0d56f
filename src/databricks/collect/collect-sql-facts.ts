import type { MissingSource, Price } from '../../snapshot/schema.ts';
import { CollectorError } from '../errors.ts';
import { createClusterUtilisationFacts } from '../facts/cluster-utilisation-facts.ts';
import { createJobRunFacts, type JobRunStats } from '../facts/job-run-facts.ts';
import { createJobRunSeriesFacts } from '../facts/job-run-series-facts.ts';
import { createJobTaskComputeFacts } from '../facts/job-task-compute-facts.ts';
import { createPipelineActivityFacts } from '../facts/pipeline-activity-facts.ts';
import { createPipelineUpdateHoursFacts } from '../facts/pipeline-update-hours-facts.ts';
import { createPipelineUsageFacts } from '../facts/pipeline-usage-facts.ts';
import { pricesFromRows } from '../facts/price-facts.ts';
import { createRunCostFacts } from '../facts/run-cost-facts.ts';
import { createTableFacts } from '../facts/table-facts.ts';
import { createUsageFacts } from '../facts/usage-facts.ts';
import { resourceKey, toId } from '../facts/values.ts';
import { createWarehouseActivityFacts, type WarehouseActivity } from '../facts/warehouse-activity-facts.ts';
import { createWarehouseQueryFacts } from '../facts/warehouse-query-facts.ts';
import { createWarehouseQuerySeriesFacts } from '../facts/warehouse-query-series-facts.ts';
import { createWorkspaceUsageFacts } from '../facts/workspace-usage-facts.ts';
import type { SqlParams, SqlRow, SqlRunner } from '../sql/sql-runner.ts';
import { addMissing, isDegradable, missingAfter } from './degradable.ts';

/** Latest SCD attributes lakewarden uses (owners, cluster source), keyed `workspaceId|id`. */
export interface ScdInfo {
  clusterOwner: Map<string, string>;
  clusterSource: Map<string, string>;
  jobRunAs: Map<string, string>;
  warehouseNames: Map<string, string>;
}

/** Everything the SQL collectors produced, aggregated per resource. */
export interface SqlFacts {
  accountId: string;
  prices: Price[];
  usage: ReturnType<typeof createUsageFacts>;
  /** Cost and DBUs of each whole workspace per day (every product), baseline period + window. */
  workspaceUsage: ReturnType<typeof createWorkspaceUsageFacts>;
  runCost: ReturnType<typeof createRunCostFacts>;
  /** Cost and billed hours per pipeline over the window (usage_metadata.dlt_pipeline_id). */
  pipelineUsage: ReturnType<typeof createPipelineUsageFacts>;
  /**
   * Hours each pipeline's updates ran in the window (system.lakeflow.pipeline_update_timeline, Public Preview);
   * undefined when that table was not read (it is then listed in `missing`).
   */
  pipelineUpdateHours: ReturnType<typeof createPipelineUpdateHoursFacts> | undefined;
  /**
   * Hours with rows written and rows written per pipeline (system.lakeflow_pipeline_events_preview.pipeline_events,
   * Beta); undefined when `betaPipelineEvents` is off or that table was not readable (never listed in `missing`).
   */
  pipelineActivity: ReturnType<typeof createPipelineActivityFacts> | undefined;
  warehouseActivity: Map<string, WarehouseActivity>;
  warehouseQueries: ReturnType<typeof createWarehouseQueryFacts>;
  /** Per warehouse and day over the baseline period + window (anomaly series). */
  warehouseQueryDays: ReturnType<typeof createWarehouseQuerySeriesFacts>;
  /** Successful runs per job over the baseline period + window with their configuration version. */
  jobRunSeries: ReturnType<typeof createJobRunSeriesFacts>;
  /** Tables seen in predictive-optimization history (empty when that Public Preview table is not readable). */
  tables: ReturnType<typeof createTableFacts>;
  jobRuns: Map<string, JobRunStats>;
  taskCompute: ReturnType<typeof createJobTaskComputeFacts>;
  clusterUtilisation: ReturnType<typeof createClusterUtilisationFacts>;
  scd: ScdInfo;
  /** System tables not read (degraded collection); empty when every collector ran. */
  missing: MissingSource[];
}

/**
 * Runs every registered collector statement once over the window (start/end inclusive, YYYY-MM-DD) and
 * folds the rows into fact builders as they stream; the statements behind the anomaly series
 * (usage-by-resource-day, usage-by-workspace-day, warehouse-query-days, job-run-durations) run from `seriesStart` (the first baseline
 * day) to the window's end instead. A failing statement fails the whole collection with a CollectorError naming it,
 * except, when `degrade` is true, a failure of a system table that is unavailable (warehouse not running, schema
 * not enabled or not granted; src/databricks/collect/degradable.ts): its builder stays empty, its tables are
 * listed in `missing` with the reason, `onProgress` says so, and collection goes on. `predictive-optimization-tables`
 * always degrades that way (its table is in Public Preview and needs its own grant): the snapshot then has no tables.
 * So does `pipeline-update-hours` (system.lakeflow.pipeline_update_timeline, Public Preview): pipelines then have
 * no `updateHours`. With `betaPipelineEvents`, `pipeline-activity-hours` also runs over the Beta
 * system.lakeflow_pipeline_events_preview.pipeline_events; when it fails, whatever the error, `onProgress` warns
 * and pipelines have no `activeHours`/`outputRows`, but the table is not listed in `missing`: an opted-in Beta
 * table does not make the snapshot degraded (nor fail `--require-full`).
 * @param recentStart first day of the recent period (YYYY-MM-DD), for the tables' recent PO activity
 */
export async function collectSqlFacts(
  sql: SqlRunner,
  window: { start: string; end: string },
  onProgress: (message: string) => void,
  seriesStart: string = window.start,
  recentStart: string = window.start,
  options: { degrade?: boolean; betaPipelineEvents?: boolean } = {},
): Promise<SqlFacts> {
  const windowParams: SqlParams = { start: window.start, end: window.end };
  const seriesParams: SqlParams = { start: seriesStart, end: window.end };
  const missing: MissingSource[] = [];
  /** Runs one statement; true when it ran, false when it was skipped in degraded mode. */
  const attempt = async (
    name: string,
    onRow: (row: SqlRow) => void,
    params: SqlParams,
    degrade: boolean,
  ): Promise<boolean> => {
    onProgress(`collector ${name}: running`);
    let rows: number;
    try {
      rows = await sql.run(name, params, onRow);
    } catch (error) {
      if (!degrade || !isDegradable(error)) throw new CollectorError(name, error);
      const lost = missingAfter(name, error);
      addMissing(missing, lost);
      onProgress(
        `collector ${name}: skipped, missing ${lost.map((m) => m.table).join(', ')} (${lost[0]?.reason ?? ''})`,
      );
      return false;
    }
    onProgress(`collector ${name}: ${rows} rows`);
    return true;
  };
  const run = async (name: string, onRow: (row: SqlRow) => void, params: SqlParams = windowParams): Promise<void> => {
    await attempt(name, onRow, params, options.degrade === true);
  };
  /**
   * Runs a statement over a Public Preview table that always degrades, whatever the error: its builder, or
   * undefined when the statement failed (the table is then in `missing` and `onProgress` says what is lost).
   */
  const optional = async <B extends { add(row: SqlRow): void }>(
    name: string,
    create: () => B,
    lost: string,
    params: SqlParams = windowParams,
  ): Promise<B | undefined> => {
    const builder = create();
    try {
      return (await attempt(name, (row) => builder.add(row), params, true)) ? builder : undefined;
    } catch (error) {
      addMissing(missing, missingAfter(name, error));
      onProgress(`collector ${name}: skipped, ${lost} (${(error as Error).message.split('\n')[0] ?? ''})`);
      return undefined;
    }
  };

  const priceRows: SqlRow[] = [];
  await run('list-prices-current', (row) => priceRows.push(row));
  const usage = createUsageFacts(window);
  await run('usage-by-resource-day', (row) => usage.add(row), seriesParams);
  const workspaceUsage = createWorkspaceUsageFacts(window);
  await run('usage-by-workspace-day', (row) => workspaceUsage.add(row), seriesParams);
  const runCost = createRunCostFacts();
  await run('usage-by-job-run', (row) => runCost.add(row));
  const pipelineUsage = createPipelineUsageFacts();
  await run('usage-by-pipeline-hour', (row) => pipelineUsage.add(row));
  const startMs = Date.parse(`${window.start}T00:00:00Z`);
  const endMs = Date.parse(`${window.end}T00:00:00Z`) + 86_400_000;
  const pipelineUpdateHours = await optional(
    'pipeline-update-hours',
    () => createPipelineUpdateHoursFacts({ startMs, endMs }),
    'pipelines have no update hours',
  );

  let pipelineActivity: ReturnType<typeof createPipelineActivityFacts> | undefined;
  if (options.betaPipelineEvents === true) {
    const activity = createPipelineActivityFacts();
    onProgress('collector pipeline-activity-hours: running (Beta table, databricks.betaPipelineEvents)');
    try {
      const rows = await sql.run('pipeline-activity-hours', windowParams, (row) => activity.add(row));
      onProgress(`collector pipeline-activity-hours: ${rows} rows`);
      pipelineActivity = activity;
    } catch (error) {
      onProgress(
        `warning: collector pipeline-activity-hours: skipped, the Beta table system.lakeflow_pipeline_events_preview.pipeline_events is not readable, so pipelines have no activeHours or outputRows and pipeline-continuous-little-work cannot fire (${(error as Error).message.split('\n')[0] ?? ''})`,
      );
    }
  }

  const scd: ScdInfo = {
    clusterOwner: new Map(),
    clusterSource: new Map(),
    jobRunAs: new Map(),
    warehouseNames: new Map(),
  };
  await run('clusters-latest', (row) => {
    const key = keyOf(row.workspace_id, row.cluster_id);
    if (key === undefined) return;
    if (typeof row.owned_by === 'string') scd.clusterOwner.set(key, row.owned_by);
    if (typeof row.cluster_source === 'string') scd.clusterSource.set(key, row.cluster_source);
  });
  await run('warehouses-latest', (row) => {
    const key = keyOf(row.workspace_id, row.warehouse_id);
    if (key !== undefined && typeof row.warehouse_name === 'string') scd.warehouseNames.set(key, row.warehouse_name);
  });
  await run('jobs-latest', (row) => {
    // run_as_user_name is NULL on rows older than late Nov 2025: unknown, not empty.
    const key = keyOf(row.workspace_id, row.job_id);
    if (key !== undefined && typeof row.run_as_user_name === 'string') scd.jobRunAs.set(key, row.run_as_user_name);
  });

  const activity = createWarehouseActivityFacts({ startMs, endMs });
  await run('warehouse-query-hours', (row) => activity.addQueryHour(row));
  await run('warehouse-events', (row) => activity.addEvent(row));
  const warehouseQueries = createWarehouseQueryFacts();
  await run('warehouse-query-stats', (row) => warehouseQueries.add(row));
  const warehouseQueryDays = createWarehouseQuerySeriesFacts();
  await run('warehouse-query-days', (row) => warehouseQueryDays.add(row), seriesParams);

  const jobRunFacts = createJobRunFacts();
  await run('job-runs', (row) => jobRunFacts.add(row));
  const jobRunSeries = createJobRunSeriesFacts();
  await run('job-run-durations', (row) => jobRunSeries.add(row), seriesParams);
  const taskCompute = createJobTaskComputeFacts();
  await run('job-task-compute', (row) => taskCompute.add(row));
  const tables =
    (await optional(
      'predictive-optimization-tables',
      () => createTableFacts({ recentStart, end: window.end }),
      'the snapshot has no tables',
      seriesParams,
    )) ?? createTableFacts({ recentStart, end: window.end });
  const clusterUtilisation = createClusterUtilisationFacts();
  await run('cluster-task-hours', (row) => clusterUtilisation.addTaskHour(row));
  await run('cluster-node-hours', (row) => clusterUtilisation.addNodeHour(row));

  return {
    accountId: priceRows.map((r) => toId(r.account_id)).find((id) => id !== undefined) ?? '',
    prices: pricesFromRows(priceRows),
    usage,
    workspaceUsage,
    runCost,
    pipelineUsage,
    pipelineUpdateHours,
    pipelineActivity,
    warehouseActivity: activity.finish(),
    warehouseQueries,
    warehouseQueryDays,
    jobRunSeries,
    tables,
    jobRuns: jobRunFacts.finish(runCost.costOf, runCost.modeOf),
    taskCompute,
    clusterUtilisation,
    scd,
    missing,
  };
}

function keyOf(workspaceId: unknown, id: unknown): string | undefined {
  const ws = toId(workspaceId);
  const rid = toId(id);
  return ws === undefined || rid === undefined ? undefined : resourceKey(ws, rid);
}
