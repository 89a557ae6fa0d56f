import { z } from 'zod';

/**
 * The snapshot: one collection of operational metadata for one Databricks account over a window.
 * Versioned (`schemaVersion`), validated with zod, exported as JSON Schema by `lakewarden snapshot schema`.
 * Field names inside `config` are the Databricks REST wire names (databricks.md §4); facts carry
 * their unit in their doc. Every fact is derived from system tables as its description says
 * (docs: https://docs.databricks.com/aws/en/admin/system-tables/).
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

const num = (description: string) => z.number().describe(description);
const optNum = (description: string) => z.number().nullable().optional().describe(description);

export const Workspace = z.object({
  id: z.string().min(1).describe('Databricks workspace id (string, as in system tables).'),
  name: z.string().describe('Display name of the workspace.'),
  host: z.string().describe('Workspace URL, e.g. https://dbc-a1b2c3d4-e5f6.cloud.databricks.com'),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']).describe('Cloud, as `system.billing.usage.cloud`.'),
  region: z.string().describe('Cloud region, e.g. us-west-2.'),
});
export type Workspace = z.infer<typeof Workspace>;

export const Price = z.object({
  sku_name: z.string().describe('SKU, as `system.billing.list_prices.sku_name`.'),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  usage_unit: z.string().default('DBU'),
  usd_per_dbu: num(
    'List price in USD per DBU: `pricing.effective_list.default` of the current row (price_end_time IS NULL).',
  ),
});
export type Price = z.infer<typeof Price>;

export const Owners = z
  .object({
    owner: z.string().optional().describe('owned_by (system tables) / creator_name for warehouses.'),
    creator: z.string().optional().describe('creator_user_name (REST) / created_by.'),
    runAs: z.string().optional().describe('run_as_user_name for jobs (user or service principal application id).'),
  })
  .describe('Owner identities of the resource (Class B: routed on, never sent to a model unhashed).');
export type Owners = z.infer<typeof Owners>;

const Tags = z.record(z.string(), z.string()).describe('User tags (custom_tags) as a key → value map.');

/**
 * Series of the baseline + window, used by anomaly facts (names and units: src/stats/baseline-facts.ts SERIES).
 * Daily series (`costUsd` USD/day, `dbus` DBU/day, warehouses: `queryCount` statements/day, `spilledBytes`
 * bytes/day, `failedQueries.<ERROR_CLASS>` failures/day, `failedQueries` all classes per day — the only failure
 * series of a live snapshot) have Snapshot.baseline.days + window.days values,
 * index 0 = Snapshot.baseline.start. Per-run series (jobs: `runDurationSec` seconds, `runDay` day index into
 * the daily series, `runConfigVersion` configuration version) have one value per run, oldest first.
 */
const Series = z
  .record(z.string(), z.array(z.number()))
  .optional()
  .describe('Series keyed by name, oldest first (daily or per run; see Snapshot.baseline).');

/**
 * Anomaly facts computed by src/stats/baseline-facts.ts from the resource's daily `series` (baseline period
 * before the window + the window; the recent period is the window's last days, see Snapshot.baseline).
 * Optional: snapshots without series still validate; rules guard with `has(facts.x)`.
 */
const optFact = (description: string) => z.number().optional().describe(description);
const CommonBaselineFacts = {
  costBaselineUsdPerDay: optFact('Median list cost per day of the baseline period, USD/day (2 significant figures).'),
  costRecentUsdPerDay: optFact('Median list cost per day of the recent period, USD/day (2 significant figures).'),
  costRobustZ: optFact(
    'Robust z-score of the recent cost median vs the baseline: (recent − baseline median) / max(1.4826 × MAD, 5 % of the baseline median); 1 decimal.',
  ),
  costBaselineActiveDays: optFact('Baseline days with cost > 0, days.'),
  costTrendUsdPerDayPerDay: optFact('Theil–Sen slope of the daily cost over the window, USD/day per day.'),
  costExcessUsdPerMonth: optFact(
    '(recent − baseline median cost per day) × 30, floored at 0, USD/month (2 significant figures).',
  ),
  dbusBaselinePerDay: optFact('Median DBUs per day of the baseline period, DBU/day.'),
  dbusRecentPerDay: optFact('Median DBUs per day of the recent period, DBU/day.'),
  dbusRobustZ: optFact('Robust z-score of the recent DBU median vs the baseline (as costRobustZ).'),
};
const WarehouseBaselineFacts = {
  queriesBaselinePerDay: optFact('Median statements per day of the baseline period (query history).'),
  queriesRecentPerDay: optFact('Median statements per day of the recent period.'),
  queriesRobustZ: optFact('Robust z-score of the recent statement count vs the baseline.'),
  spillBytesPerQueryBaseline: optFact('SUM(spilled_local_bytes) / statements over the baseline period, bytes/query.'),
  spillBytesPerQueryRecent: optFact('SUM(spilled_local_bytes) / statements over the recent period, bytes/query.'),
  spillRecentQueries: optFact('Statements in the recent period.'),
  failureTopClass: z
    .string()
    .nullable()
    .optional()
    .describe(
      'Error class with the largest excess of failed statements in the recent period over its baseline (an error class only, never message text).',
    ),
  failureTopClassRecent: optFact('Failed statements of failureTopClass in the recent period.'),
  failureTopClassRecentDays: optFact('Recent days with at least one failure of failureTopClass, days.'),
  failureTopClassBaselinePerDay: optFact('Median failures per day of failureTopClass in the baseline period.'),
  failureTopClassRobustZ: optFact('Robust z-score of the recent failures of failureTopClass vs its baseline.'),
  failureTopClassPrincipals: optNum(
    'Distinct principals with a failure of failureTopClass in the recent period (a count, never names); null when not collected.',
  ),
  failuresRecent: optFact(
    'Failed statements of all error classes in the recent period (the failedQueries total series, else the sum of the class series).',
  ),
  failuresRecentDays: optFact('Recent days with at least one failed statement (all classes), days.'),
  failuresBaselinePerDay: optFact('Median failed statements per day (all classes) of the baseline period.'),
  failuresRobustZ: optFact('Robust z-score of the recent failed statements per day (all classes) vs the baseline.'),
  sizeUpExtraUsdPerMonth: optFact(
    'Extra list cost of one size up at the recent usage: costRecentUsdPerDay × 30 (a size step doubles DBU/h), USD/month.',
  ),
};
const JobBaselineFacts = {
  durationBaselineMedianSec: optFact(
    'Median run duration of baseline-period runs with the current configuration version, seconds.',
  ),
  durationRecentMedianSec: optFact(
    'Median run duration of recent runs with the current configuration version, seconds.',
  ),
  durationRobustZ: optFact('Robust z-score of the recent median duration vs the baseline (same configuration only).'),
  durationBaselineRuns: optFact('Baseline runs compared (current configuration version).'),
  durationRecentRuns: optFact('Recent runs compared (current configuration version).'),
  durationExcludedRuns: optFact('Runs excluded because they ran under an older configuration version.'),
  durationTrendSecPerDay: optFact('Theil–Sen slope of run duration over the window, seconds per day.'),
  durationExcessUsdPerMonth: optFact(
    '(recent − baseline median duration) × recent runs per day × 30 × window USD per run-second, USD/month.',
  ),
};

export const WarehouseConfig = z.object({
  cluster_size: z.string().describe('REST `cluster_size`, e.g. "Medium".'),
  min_num_clusters: z.number().int(),
  max_num_clusters: z.number().int(),
  auto_stop_mins: z.number().int().describe('0 = never stops.'),
  warehouse_type: z.string().describe('CLASSIC or PRO (serverless = PRO + enable_serverless_compute).'),
  enable_serverless_compute: z.boolean().default(false),
  enable_photon: z.boolean().optional(),
  spot_instance_policy: z.string().optional(),
  state: z.string().optional().describe('STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED.'),
  channel: z.string().optional(),
});

export const WarehouseFacts = z.object({
  dbus: num(
    'DBUs in the window: SUM(usage_quantity) over all record types of system.billing.usage where usage_metadata.warehouse_id = id.',
  ),
  costUsd: num('List cost in USD in the window: SUM(usage_quantity × list_prices.pricing.effective_list.default).'),
  runningHours: num(
    'Hours with at least one cluster running, from warehouse_events STARTING/RUNNING → STOPPING/STOPPED intervals.',
  ),
  clusterHours: num('Cluster-hours: running intervals weighted by cluster_count between scale events.'),
  idleHours: num('Running hours with no query executing (query history start/end vs running intervals).'),
  idleTailHours: num('Hours from each last query end to the next STOPPING/STOPPED event, summed.'),
  extraClusterIdleHours: num('Cluster-hours above one cluster while no query was queued (always-on extra clusters).'),
  queryCount: num('Statements in the window (system.query.history, compute.warehouse_id = id).'),
  failedQueryCount: num('Statements with execution_status = FAILED.'),
  queriesWithSpill: num('Statements with spilled_local_bytes > 0.'),
  spilledBytes: num('SUM(spilled_local_bytes), bytes.'),
  queuedQueries: num('Statements with waiting_at_capacity_duration_ms > 0.'),
  p95QueueMs: num('p95 of waiting_at_capacity_duration_ms, ms.'),
  p95DurationMs: num('p95 of total_duration_ms, ms.'),
  utilizationPct: num(
    'SUM(total_task_duration_ms) / (clusterHours × 3.6e6 × workers per cluster of the size) × 100, percent.',
  ),
  dbuPerHour: num('DBU per hour per cluster for the current size (measured dbus / clusterHours, else the size table).'),
  usdPerDbu: num('Effective list price used, USD per DBU (costUsd / dbus, else the SKU list price).'),
  ...CommonBaselineFacts,
  ...WarehouseBaselineFacts,
});

export const ClusterConfig = z.object({
  cluster_name: z.string(),
  cluster_source: z.string().describe('UI, API, JOB, PIPELINE, … (UI/API = all-purpose).'),
  state: z.string().optional(),
  spark_version: z.string(),
  node_type_id: z.string().optional(),
  driver_node_type_id: z.string().optional(),
  num_workers: z.number().int().optional(),
  autoscale: z.object({ min_workers: z.number().int(), max_workers: z.number().int() }).optional(),
  autotermination_minutes: z.number().int().describe('0 = never terminates.'),
  data_security_mode: z.string().optional(),
  policy_id: z.string().optional(),
});

export const ClusterFacts = z.object({
  dbus: num('DBUs in the window (usage_metadata.cluster_id = id), all record types summed.'),
  costUsd: num('List cost in USD in the window.'),
  runningHours: num('Hours running: distinct hours with node_timeline rows for the driver.'),
  idleHours: num('Running hours with driver+worker average CPU (user+system) below 5 % and no job task or query.'),
  avgCpuPct: num('Average of cpu_user_percent + cpu_system_percent over node_timeline minutes, percent.'),
  maxMemPct: num('Maximum mem_used_percent over node_timeline minutes, percent.'),
  dbuPerHour: num('Measured DBU per running hour (dbus / runningHours).'),
  usdPerDbu: num('Effective list price used, USD per DBU.'),
  jobTaskRuns: num('Job task runs that used this cluster (job_task_run_timeline.compute_ids).'),
  oomTerminations: num(
    'Terminations with reason DRIVER_OUT_OF_MEMORY (cluster events TERMINATING.details.reason.code).',
  ),
  driverNotRespondingEvents: num('DRIVER_NOT_RESPONDING + DRIVER_UNAVAILABLE cluster events.'),
  nodesLostEvents: num('NODES_LOST cluster events.'),
  runtimeEndOfSupport: z
    .string()
    .nullable()
    .describe('End-of-support date (YYYY-MM-DD) of spark_version, from configuration; null when unknown.'),
  runtimeDaysToEndOfSupport: optNum(
    'Days from the snapshot end to runtimeEndOfSupport (negative = already unsupported).',
  ),
  ...CommonBaselineFacts,
});

export const JobTask = z.object({
  task_key: z.string(),
  existing_cluster_id: z.string().optional(),
  job_cluster_key: z.string().optional(),
  environment_key: z.string().optional(),
  max_retries: z.number().int().optional().describe('-1 = retry forever.'),
  min_retry_interval_millis: z.number().int().optional(),
  retry_on_timeout: z.boolean().optional(),
  timeout_seconds: z.number().int().optional(),
});

export const JobConfig = z.object({
  name: z.string(),
  timeout_seconds: z.number().int().describe('0 = no timeout.'),
  max_concurrent_runs: z.number().int().optional(),
  schedule: z.object({ quartz_cron_expression: z.string(), timezone_id: z.string() }).optional(),
  health_rules: z.array(z.object({ metric: z.string(), op: z.string(), value: z.number() })).default([]),
  tasks: z.array(JobTask),
});

export const JobFacts = z.object({
  dbus: num(
    'DBUs in the window: usage_metadata.job_id = id, plus the pro-rated share of all-purpose clusters by task time.',
  ),
  costUsd: num('List cost in USD in the window (same attribution as dbus).'),
  runs: num('Runs in the window: distinct run_id of job_run_timeline, slices aggregated per run.'),
  failedRuns: num('Runs whose last slice has result_state FAILED, ERROR or TIMED_OUT.'),
  consecutiveFailures: num('Failed runs since the last successful run (latest first).'),
  retryRuns: num('Runs with attempt_number > 0 (REST runs list).'),
  retryCostUsd: num('List cost of retry attempts, USD (usage by job_run_id).'),
  failedRunCostUsd: num('List cost of failed runs, USD.'),
  p50DurationSec: num('Median run duration, seconds (period_end − period_start summed per run).'),
  p95DurationSec: num('p95 run duration, seconds.'),
  maxDurationSec: num('Longest run, seconds.'),
  runawayRuns: num('Runs longer than 3 × p50 duration.'),
  runawayCostUsd: num('List cost of the time runaway runs spent beyond 3 × p50, USD.'),
  allPurposeTaskHours: num('Task hours on all-purpose clusters (compute_ids ∩ clusters with cluster_source UI/API).'),
  allPurposeDbus: num('DBUs of all-purpose clusters pro-rated to this job by task time.'),
  allPurposeUsdPerDbu: num('All-purpose compute list price, USD per DBU, for the workspace cloud and tier.'),
  jobsUsdPerDbu: num('Jobs compute list price, USD per DBU, for the workspace cloud and tier.'),
  usdPerDbu: num("Effective list price of the job's own usage, USD per DBU (costUsd / dbus)."),
  ...CommonBaselineFacts,
  ...JobBaselineFacts,
});

export const TableConfig = z.object({
  catalog_name: z.string().describe('Unity Catalog catalog (Class B).'),
  schema_name: z.string().describe('Schema (Class B).'),
  table_name: z.string().describe('Table (Class B).'),
});

/**
 * Facts of a Unity Catalog table from system.storage.predictive_optimization_operations_history (PO history)
 * over the baseline period + window (Snapshot.baseline; the window alone when the snapshot has none). Only
 * operation type, status, the compaction metrics and estimated DBUs are read (databricks.md §2.11). Whether PO is
 * enabled is not in any system table: `poOperationsRecent` (PO activity in the recent period) stands in for it.
 */
export const TableFacts = z.object({
  compactionRuns: num('Successful COMPACTION operations.'),
  compactedFiles: num("SUM of operation_metrics['number_of_compacted_files'] over successful compactions, files."),
  compactedBytes: num("SUM of operation_metrics['amount_of_data_compacted_bytes'], bytes."),
  compactionOutputFiles: num("SUM of operation_metrics['number_of_output_files'], files."),
  avgCompactedFileBytes: num(
    'compactedBytes / compactedFiles: average size of the files compaction had to rewrite, bytes (0 when none).',
  ),
  daysSinceLastCompaction: optNum(
    'Days from the end of the last successful compaction to the end of the window; null when none was read.',
  ),
  poOperations: num('PO operations of any type and status.'),
  poFailedOperations: num("PO operations whose operation_status starts with 'FAILED'."),
  poOperationsRecent: num(
    'PO operations that started in the recent period (last Snapshot.baseline.recentDays days of the window): 0 = PO no longer runs on the table (disabled, or nothing to do).',
  ),
  poEstimatedDbus: num('SUM(usage_quantity) (usage_unit ESTIMATED_DBU) of all PO operations, DBUs.'),
});

export const WorkspaceConfig = z.object({
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  region: z.string(),
});

/**
 * Facts of a whole workspace from system.billing.usage (every product, attributed to a resource or not),
 * computed once per workspace: window totals and the anomaly facts of its daily `costUsd`/`dbus` series.
 */
export const WorkspaceFacts = z.object({
  dbus: num('DBUs of the workspace in the window: SUM(usage_quantity) over all record types and products.'),
  costUsd: num('List cost of the workspace in the window, USD (all products).'),
  ...CommonBaselineFacts,
});

const ResourceBase = {
  workspaceId: z.string().min(1),
  id: z.string().min(1).describe('Resource id as a string (job_id is int64 in REST, string in system tables).'),
  name: z.string().describe('Display name (Class B).'),
  tags: Tags,
  owners: Owners,
  series: Series,
};

export const WarehouseResource = z.object({
  kind: z.literal('warehouse'),
  ...ResourceBase,
  config: WarehouseConfig,
  facts: WarehouseFacts,
});
export const ClusterResource = z.object({
  kind: z.literal('cluster'),
  ...ResourceBase,
  config: ClusterConfig,
  facts: ClusterFacts,
});
export const JobResource = z.object({ kind: z.literal('job'), ...ResourceBase, config: JobConfig, facts: JobFacts });

/**
 * A Unity Catalog table seen in predictive-optimization history: id = table_id, name = catalog.schema.table
 * (Class B); tags and owners are empty on live snapshots (no system table lakewarden reads carries them).
 */
export const TableResource = z.object({
  kind: z.literal('table'),
  ...ResourceBase,
  config: TableConfig,
  facts: TableFacts,
});

/**
 * A whole workspace as one resource (id = workspace id, name = its display name), for workspace-level rules such
 * as workspace-cost-spike; tags come from configuration or the generator, empty on a plain live snapshot.
 */
export const WorkspaceResource = z.object({
  kind: z.literal('workspace'),
  ...ResourceBase,
  config: WorkspaceConfig,
  facts: WorkspaceFacts,
});

export const Resource = z.discriminatedUnion('kind', [
  WarehouseResource,
  ClusterResource,
  JobResource,
  TableResource,
  WorkspaceResource,
]);
export type Resource = z.infer<typeof Resource>;
export type TableResource = z.infer<typeof TableResource>;
export type WorkspaceResource = z.infer<typeof WorkspaceResource>;
export type WarehouseResource = z.infer<typeof WarehouseResource>;
export type ClusterResource = z.infer<typeof ClusterResource>;
export type JobResource = z.infer<typeof JobResource>;
export type ResourceKind = Resource['kind'];
export const RESOURCE_KINDS = [
  'warehouse',
  'cluster',
  'job',
  'table',
  'workspace',
] as const satisfies readonly ResourceKind[];

export const Snapshot = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  accountId: z.string(),
  generatedAt: z.iso.datetime().describe('When the snapshot was collected (UTC).'),
  window: z.object({
    start: z.iso.date().describe('First day of the window (inclusive, UTC).'),
    end: z.iso.date().describe('Last day of the window (inclusive, UTC).'),
    days: z.number().int().positive(),
  }),
  source: z.enum(['live', 'synthetic', 'file']).describe('How the snapshot was produced.'),
  baseline: z
    .object({
      start: z.iso.date().describe('First day of the baseline period = index 0 of every daily series (UTC).'),
      days: z.number().int().positive().describe('Baseline days before window.start (default 30).'),
      recentDays: z
        .number()
        .int()
        .positive()
        .describe('Last days of the window compared with the baseline (default 7).'),
    })
    .optional()
    .describe('The period the daily series cover before the window; absent when the snapshot has no series.'),
  workspaces: z.array(Workspace).min(1),
  prices: z.array(Price),
  resources: z.array(Resource),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** A reference to one resource: `{workspaceId, kind, id}` (DESIGN.md vocabulary). */
export interface ResourceRef {
  workspaceId: string;
  kind: ResourceKind;
  id: string;
}
