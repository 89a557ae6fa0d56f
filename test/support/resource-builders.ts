import type {
  ClusterResource,
  JobResource,
  PipelineResource,
  Resource,
  Snapshot,
  WarehouseResource,
} from '../../src/snapshot/schema.ts';
import { Snapshot as SnapshotSchema } from '../../src/snapshot/schema.ts';

/**
 * Builders of valid, healthy resources (no first-wave rule matches them) shaped like src/snapshot/schema.ts,
 * with overridable config and facts, and a snapshot around them. Field names follow the Databricks REST API.
 */

type Overrides<R extends Resource> = {
  config?: Partial<R['config']>;
  facts?: Partial<R['facts']>;
} & Partial<Omit<R, 'config' | 'facts' | 'kind'>>;

export const WORKSPACE_ID = '1234567890123456';

/** A healthy Medium pro warehouse: auto-stop 10 min, one cluster, moderately used, tagged. */
export function buildWarehouse(overrides: Overrides<WarehouseResource> = {}): WarehouseResource {
  const { config, facts, ...rest } = overrides;
  return {
    kind: 'warehouse',
    workspaceId: WORKSPACE_ID,
    id: 'a1b2c3d4e5f60718',
    name: 'bi-warehouse',
    tags: { owner: 'ana@example.com', cost_center: 'cc-100' },
    owners: { owner: 'ana@example.com', creator: 'ana@example.com' },
    config: {
      cluster_size: 'Medium',
      min_num_clusters: 1,
      max_num_clusters: 2,
      auto_stop_mins: 10,
      warehouse_type: 'PRO',
      enable_serverless_compute: false,
      state: 'STOPPED',
      ...config,
    },
    facts: {
      dbus: 4800,
      costUsd: 3360,
      runningHours: 200,
      clusterHours: 200,
      idleHours: 20,
      idleTailHours: 2,
      idleTailCount: 12,
      extraClusterIdleHours: 0,
      queryCount: 5000,
      failedQueryCount: 10,
      queriesWithSpill: 20,
      spilledBytes: 1_000_000,
      queuedQueries: 30,
      p95QueueMs: 1200,
      p95DurationMs: 8000,
      utilizationPct: 45,
      dbuPerHour: 24,
      usdPerDbu: 0.7,
      ...facts,
    },
    ...rest,
  };
}

/** A healthy all-purpose (UI) cluster: auto-termination 60 min, terminated, busy when running, tagged. */
export function buildCluster(overrides: Overrides<ClusterResource> = {}): ClusterResource {
  const { config, facts, ...rest } = overrides;
  return {
    kind: 'cluster',
    workspaceId: WORKSPACE_ID,
    id: '0123-456789-abcdefgh',
    name: 'data-science-shared',
    tags: { owner: 'ben@example.com', cost_center: 'cc-200' },
    owners: { creator: 'ben@example.com' },
    config: {
      cluster_name: 'data-science-shared',
      cluster_source: 'UI',
      state: 'TERMINATED',
      spark_version: '16.4.x-scala2.12',
      node_type_id: 'i3.xlarge',
      driver_node_type_id: 'i3.xlarge',
      autoscale: { min_workers: 1, max_workers: 4 },
      autotermination_minutes: 60,
      data_security_mode: 'USER_ISOLATION',
      ...config,
    },
    facts: {
      dbus: 900,
      costUsd: 495,
      runningHours: 80,
      idleHours: 4,
      idleStretches: 4,
      avgCpuPct: 40,
      maxMemPct: 70,
      dbuPerHour: 11.25,
      usdPerDbu: 0.55,
      jobTaskRuns: 0,
      oomTerminations: 0,
      driverNotRespondingEvents: 0,
      nodesLostEvents: 0,
      runtimeEndOfSupport: '2028-05-09',
      runtimeDaysToEndOfSupport: 900,
      ...facts,
    },
    ...rest,
  };
}

/** A healthy job: timeout 2 h, one task on a job cluster with bounded retries, no failures, tagged. */
export function buildJob(overrides: Overrides<JobResource> = {}): JobResource {
  const { config, facts, ...rest } = overrides;
  return {
    kind: 'job',
    workspaceId: WORKSPACE_ID,
    id: '987654321012345',
    name: 'nightly-orders-etl',
    tags: { owner: 'cy@example.com', cost_center: 'cc-300' },
    owners: { owner: 'cy@example.com', runAs: 'cy@example.com' },
    config: {
      name: 'nightly-orders-etl',
      timeout_seconds: 7200,
      max_concurrent_runs: 1,
      health_rules: [],
      tasks: [{ task_key: 'ingest', job_cluster_key: 'etl', max_retries: 2, min_retry_interval_millis: 60000 }],
      ...config,
    },
    facts: {
      dbus: 600,
      costUsd: 180,
      runs: 30,
      failedRuns: 0,
      consecutiveFailures: 0,
      retryRuns: 0,
      retryCostUsd: 0,
      failedRunCostUsd: 0,
      p50DurationSec: 1800,
      p95DurationSec: 2400,
      maxDurationSec: 2700,
      runawayRuns: 0,
      runawayCostUsd: 0,
      allPurposeTaskHours: 0,
      allPurposeDbus: 0,
      allPurposeUsdPerDbu: 0.55,
      jobsUsdPerDbu: 0.15,
      usdPerDbu: 0.3,
      ...facts,
    },
    ...rest,
  };
}

/**
 * A healthy triggered production pipeline: 30 daily scheduled updates of 30 min, billed about one hour each,
 * rows written in 20 hours; tagged.
 */
export function buildPipeline(overrides: Overrides<PipelineResource> = {}): PipelineResource {
  const { config, facts, ...rest } = overrides;
  return {
    kind: 'pipeline',
    workspaceId: WORKSPACE_ID,
    id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    name: 'orders-bronze-pipeline',
    tags: { owner: 'di@example.com', cost_center: 'cc-400' },
    owners: { creator: 'di@example.com', runAs: 'di@example.com' },
    config: {
      development: false,
      continuous: false,
      serverless: false,
      edition: 'ADVANCED',
      clusters: [{ label: 'default', autoscale: { min_workers: 1, max_workers: 4, mode: 'ENHANCED' } }],
      state: 'IDLE',
      ...config,
    },
    facts: {
      dbus: 150,
      costUsd: 54,
      usdPerDbu: 0.36,
      billedHours: 30,
      updates: 30,
      scheduledUpdates: 30,
      updateDays: 30,
      updateHours: 15,
      activeHours: 20,
      outputRows: 2_000_000,
      ...facts,
    },
    ...rest,
  };
}

/** A valid 30-day snapshot (AWS workspace, list prices) around the given resources; parsed by the real schema. */
export function buildSnapshot(resources: Resource[], days = 30): Snapshot {
  return SnapshotSchema.parse({
    schemaVersion: 1,
    accountId: 'acc-0001',
    generatedAt: '2026-11-01T06:00:00Z',
    window: { start: '2026-10-02', end: '2026-10-31', days },
    source: 'synthetic',
    workspaces: [
      {
        id: WORKSPACE_ID,
        name: 'prod',
        host: 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com',
        cloud: 'AWS',
        region: 'us-west-2',
      },
    ],
    prices: [
      { sku_name: 'PREMIUM_SQL_PRO_COMPUTE', cloud: 'AWS', usage_unit: 'DBU', usd_per_dbu: 0.55 },
      { sku_name: 'PREMIUM_ALL_PURPOSE_COMPUTE', cloud: 'AWS', usage_unit: 'DBU', usd_per_dbu: 0.55 },
      { sku_name: 'PREMIUM_JOBS_COMPUTE', cloud: 'AWS', usage_unit: 'DBU', usd_per_dbu: 0.15 },
    ],
    resources,
  });
}

/** `count` idle SQL warehouses of the payments team (`wh-<i>`, `payments-sql-<i>`): one finding each of one rule. */
export function paymentsWarehouses(count: number): Resource[] {
  return Array.from({ length: count }, (_, i) =>
    buildWarehouse({
      id: `wh-${i}`,
      name: `payments-sql-${i}`,
      tags: { team: 'payments', owner: 'payments', cost_center: 'cc-1' },
      config: { auto_stop_mins: 0 },
      facts: { idleTailHours: 200 + i },
    }),
  );
}
