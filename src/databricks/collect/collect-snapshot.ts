import { parseSnapshot } from '../../snapshot/parse-snapshot.ts';
import { type Resource, SNAPSHOT_SCHEMA_VERSION, type Snapshot, type Workspace } from '../../snapshot/schema.ts';
import { DEFAULT_BASELINE_DAYS, DEFAULT_RECENT_DAYS } from '../../stats/periods.ts';
import { CollectorError } from '../errors.ts';
import { RELIABILITY_EVENT_TYPES } from '../facts/cluster-event-facts.ts';
import type { WorkspaceReader } from '../rest/workspace-reader.ts';
import type { SqlRunner } from '../sql/sql-runner.ts';
import {
  buildCluster,
  buildJob,
  buildPipeline,
  buildTable,
  buildWarehouse,
  buildWorkspace,
} from './build-resources.ts';
import { collectSqlFacts } from './collect-sql-facts.ts';

export interface CollectSnapshotDeps {
  sql: SqlRunner;
  /** The REST reader of the workspace, or one per workspace when several are collected. */
  rest: WorkspaceReader | ((workspace: Workspace) => WorkspaceReader);
  workspaces: Workspace[];
  /** `end` is the last day (YYYY-MM-DD, inclusive, UTC); the window covers `days` days up to it. */
  window: { days: number; end: string };
  runtimeEndOfSupport: Record<string, string>;
  onProgress: (message: string) => void;
  /** Injected clock for `generatedAt`. */
  now?: () => Date;
  /**
   * The anomaly series' periods: `days` before the window (default 30) and the last `recentDays` of the window
   * compared with them (default 7) (Snapshot.baseline).
   */
  baseline?: { days: number; recentDays: number };
  /**
   * Continue past unavailable system tables (warehouse not running, schema not enabled or not granted) with the
   * REST inventory, listing them in Snapshot.missing (default false: any collector failure fails).
   */
  degrade?: boolean;
  /**
   * Also read the Beta system.lakeflow_pipeline_events_preview.pipeline_events for pipelines' `activeHours` and
   * `outputRows` (`databricks.betaPipelineEvents`, default false); its failure only warns (collectSqlFacts).
   */
  betaPipelineEvents?: boolean;
}

const ALL_PURPOSE_SOURCES = ['UI', 'API'] as const;

/**
 * Collects a live snapshot: every registered SQL collector over system tables (cost, activity, runs,
 * utilisation) and the REST inventory of each workspace (warehouses, all-purpose clusters and their
 * reliability events, jobs with tasks, completed runs, pipelines with their updates in the window), then builds the facts of src/snapshot/schema.ts
 * and validates the result with parseSnapshot. The usage, query-day and run-duration collectors also cover
 * the baseline period before the window, so the snapshot carries `baseline`, the daily and per-run series and
 * the anomaly facts computed from them by src/stats/baseline-facts.ts (the same code as the synthetic generator).
 * @throws CollectorError naming the collector that failed (no partial snapshot is ever returned, except a degraded
 *   one that lists what is missing when `degrade` is set); InputError if the built snapshot does not validate.
 */
export async function collectSnapshot(deps: CollectSnapshotDeps): Promise<Snapshot> {
  const endMs = Date.parse(`${deps.window.end}T00:00:00Z`);
  const start = new Date(endMs - (deps.window.days - 1) * 86_400_000).toISOString().slice(0, 10);
  const window = { start, end: deps.window.end };
  const range = { startMs: Date.parse(`${start}T00:00:00Z`), endMs: endMs + 86_400_000 };
  const baselineDays = deps.baseline?.days ?? DEFAULT_BASELINE_DAYS;
  const periods = {
    baselineDays,
    windowDays: deps.window.days,
    recentDays: Math.min(deps.baseline?.recentDays ?? DEFAULT_RECENT_DAYS, deps.window.days),
  };
  const seriesStart = new Date(range.startMs - baselineDays * 86_400_000).toISOString().slice(0, 10);
  const recentStart = new Date(endMs - (periods.recentDays - 1) * 86_400_000).toISOString().slice(0, 10);
  const facts = await collectSqlFacts(deps.sql, window, deps.onProgress, seriesStart, recentStart, {
    degrade: deps.degrade === true,
    betaPipelineEvents: deps.betaPipelineEvents === true,
  });

  const resources: Resource[] = [];
  for (const workspace of deps.workspaces) {
    const reader = typeof deps.rest === 'function' ? deps.rest(workspace) : deps.rest;
    const rest = async <T>(name: string, read: () => Promise<T>): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        throw new CollectorError(`${name} (workspace ${workspace.id})`, error);
      }
    };
    deps.onProgress(`workspace ${workspace.id}: reading REST inventory`);
    const warehouses = await rest('rest:warehouses-list', () => reader.listWarehouses());
    const clusters = await rest('rest:clusters-list', () => reader.listClusters(ALL_PURPOSE_SOURCES));
    const jobs = await rest('rest:jobs-list', () => reader.listJobs());
    const runs = await rest('rest:runs-list', () => reader.listRuns(range));
    const pipelines = await rest('rest:pipelines-list', () => reader.listPipelines());
    const ctx = {
      workspace,
      facts,
      prices: facts.prices,
      window,
      runtimeEndOfSupport: deps.runtimeEndOfSupport,
      seriesStart,
      periods,
    };

    for (const warehouse of warehouses) resources.push(buildWarehouse(ctx, warehouse));
    const allPurpose = new Set<string>();
    for (const cluster of clusters) {
      if ((ALL_PURPOSE_SOURCES as readonly string[]).includes(cluster.cluster_source))
        allPurpose.add(cluster.cluster_id);
    }
    for (const [key, source] of facts.scd.clusterSource) {
      const [ws, id] = key.split('|');
      if (ws === workspace.id && id !== undefined && (ALL_PURPOSE_SOURCES as readonly string[]).includes(source))
        allPurpose.add(id);
    }
    for (const cluster of clusters) {
      const events = await rest('rest:cluster-events', () =>
        reader.listClusterEvents(cluster.cluster_id, range, RELIABILITY_EVENT_TYPES),
      );
      resources.push(buildCluster(ctx, cluster, events));
    }
    const runsByJob = Map.groupBy(runs, (r) => r.job_id);
    for (const job of jobs) resources.push(buildJob(ctx, job, runsByJob.get(job.job_id) ?? [], allPurpose));
    for (const listed of pipelines) {
      const pipeline = await rest('rest:pipelines-get', () => reader.getPipeline(listed.pipeline_id));
      const updates = await rest('rest:pipeline-updates', () => reader.listPipelineUpdates(listed.pipeline_id, range));
      resources.push(buildPipeline(ctx, pipeline, updates));
    }
    const tables = facts.tables.tablesOf(workspace.id);
    for (const table of tables) resources.push(buildTable(ctx, table));
    resources.push(buildWorkspace(ctx));
    deps.onProgress(
      `workspace ${workspace.id}: ${warehouses.length} warehouses, ${clusters.length} all-purpose clusters, ${jobs.length} jobs, ${pipelines.length} pipelines, ${tables.length} tables`,
    );
  }

  const snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    accountId: facts.accountId,
    generatedAt: (deps.now?.() ?? new Date()).toISOString(),
    window: { start, end: deps.window.end, days: deps.window.days },
    source: 'live' as const,
    baseline: { start: seriesStart, days: periods.baselineDays, recentDays: periods.recentDays },
    workspaces: deps.workspaces,
    prices: facts.prices,
    resources,
    ...(facts.missing.length === 0 ? {} : { missing: facts.missing }),
  };
  return parseSnapshot(snapshot, 'live collection');
}
