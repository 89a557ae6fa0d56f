import { z } from 'zod';
import { CommonBaselineFacts, JobBaselineFacts, WarehouseBaselineFacts } from './baseline-facts-schema.ts';
import { num, optNum } from './fact-helpers.ts';

/**
 * Per-kind `config` (Databricks REST field names) and `facts` (documented units and derivations) of
 * snapshot resources; composed into resources in schema.ts.
 */
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
  idleTailCount: z
    .number()
    .optional()
    .describe(
      'Idle tails summed in idleTailHours: stops with time after their last query, plus one when still running at the window end (absent in snapshots collected before it existed).',
    ),
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
  data_security_mode: z
    .string()
    .optional()
    .describe('Access mode, e.g. SINGLE_USER, USER_ISOLATION, NONE (REST `data_security_mode`, clusters/get).'),
  policy_id: z.string().optional().describe('Cluster policy the cluster was created under (REST `policy_id`).'),
  kind: z.string().optional().describe('REST `kind`: CLASSIC_PREVIEW for clusters created with the simple form.'),
  is_single_node: z
    .boolean()
    .optional()
    .describe(
      'Single-node cluster (driver only, 0 workers): REST `is_single_node`, or the legacy shape — custom tag ResourceClass = SingleNode with no workers (https://docs.databricks.com/api/workspace/clusters/get).',
    ),
});

export const ClusterFacts = z.object({
  dbus: num('DBUs in the window (usage_metadata.cluster_id = id), all record types summed.'),
  costUsd: num('List cost in USD in the window.'),
  runningHours: num('Hours running: distinct hours with node_timeline rows for the driver.'),
  idleHours: num(
    'Running hours with driver+worker average CPU (user+system) below 5 % and under 15 minutes of job tasks (a short task does not make an hour busy).',
  ),
  idleStretches: z
    .number()
    .optional()
    .describe(
      'Runs of consecutive idle hours (each still costs up to one auto-termination delay before the cluster stops; absent in snapshots collected before it existed).',
    ),
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
  max_retries: z.number().int().optional().describe('Retries of a failed task run; -1 = retry forever, 0 = none.'),
  min_retry_interval_millis: z.number().int().optional().describe('Wait before a retry, ms.'),
  retry_on_timeout: z.boolean().optional(),
  timeout_seconds: z.number().int().optional().describe('Task timeout, seconds; 0 = none.'),
});

const PauseStatus = z.string().optional().describe('UNPAUSED or PAUSED (REST `pause_status`).');

/**
 * A job cluster (REST `settings.job_clusters[]`, https://docs.databricks.com/api/workspace/jobs/get): its key and
 * the size and shape of its `new_cluster` (no spark_conf, init scripts or environment).
 */
export const JobCluster = z.object({
  job_cluster_key: z.string(),
  new_cluster: z
    .object({
      spark_version: z.string().optional(),
      node_type_id: z.string().optional(),
      driver_node_type_id: z.string().optional(),
      num_workers: z.number().int().optional().describe('Workers; 0 for a single-node cluster.'),
      autoscale: z.object({ min_workers: z.number().int(), max_workers: z.number().int() }).optional(),
      data_security_mode: z.string().optional(),
      policy_id: z.string().optional(),
      kind: z.string().optional(),
      is_single_node: z.boolean().optional(),
    })
    .optional(),
});

export const JobConfig = z.object({
  name: z.string(),
  timeout_seconds: z.number().int().describe('0 = no timeout.'),
  max_concurrent_runs: z.number().int().optional().describe('Concurrent runs allowed (REST default 1).'),
  schedule: z
    .object({ quartz_cron_expression: z.string(), timezone_id: z.string(), pause_status: PauseStatus })
    .optional()
    .describe('Cron schedule (REST `settings.schedule`).'),
  continuous: z
    .object({ pause_status: PauseStatus })
    .optional()
    .describe(
      'Present for a continuous (streaming) job: one run always active unless paused (REST `settings.continuous`).',
    ),
  trigger: z
    .object({
      pause_status: PauseStatus,
      periodic: z.object({ interval: z.number().int(), unit: z.string().describe('HOURS, DAYS or WEEKS.') }).optional(),
      file_arrival: z.object({}).optional(),
      table_update: z.object({}).optional(),
      table: z.object({}).optional(),
      model: z.object({}).optional(),
    })
    .optional()
    .describe(
      'Trigger of the job (REST `settings.trigger`): which kind, its pause status and a periodic interval; URLs and table names are not kept.',
    ),
  performance_target: z
    .string()
    .optional()
    .describe('Serverless jobs: PERFORMANCE_OPTIMIZED or STANDARD (REST `settings.performance_target`).'),
  job_clusters: z
    .array(JobCluster)
    .optional()
    .describe('Job clusters the tasks run on (REST `settings.job_clusters`).'),
  health_rules: z.array(z.object({ metric: z.string(), op: z.string(), value: z.number() })).default([]),
  tasks: z.array(JobTask),
});

/**
 * Serverless jobs: finished runs in the window per performance mode, from the run's billing usage
 * (`product_features.performance_target`, https://docs.databricks.com/aws/en/admin/system-tables/billing) joined
 * with job_run_timeline. Absent for a job with no serverless usage (and in snapshots collected before them).
 */
const PerformanceModeFacts = {
  optimizedModeRuns: z.number().optional().describe('Finished runs billed as PERFORMANCE_OPTIMIZED.'),
  optimizedModeP50DurationSec: z.number().optional().describe('Median duration of those runs, seconds.'),
  optimizedModeCostPerRunUsd: z.number().optional().describe('Median list cost of those runs, USD per run.'),
  standardModeRuns: z.number().optional().describe('Finished runs billed as STANDARD.'),
  standardModeFailedRuns: z.number().optional().describe('Of those, runs that failed, errored or timed out.'),
  standardModeP50DurationSec: z.number().optional().describe('Median duration of the STANDARD runs, seconds.'),
  standardModeCostPerRunUsd: z.number().optional().describe('Median list cost of the STANDARD runs, USD per run.'),
};

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
  ...PerformanceModeFacts,
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
 * operation type, status, the compaction metrics and estimated DBUs are read (https://docs.databricks.com/aws/admin/system-tables/predictive-optimization). Whether PO is
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
  poFailedOperationsRecent: optNum(
    "PO operations of the recent period whose operation_status starts with 'FAILED' (equal to poOperationsRecent: every recent PO run failed).",
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

/** Sizing of one pipeline cluster (REST spec `clusters[]`: label, num_workers, autoscale only). */
export const PipelineClusterSizing = z.object({
  label: z.string().optional(),
  num_workers: z.number().int().optional(),
  autoscale: z
    .object({
      min_workers: z.number().int(),
      max_workers: z.number().int(),
      mode: z.string().optional().describe('ENHANCED or LEGACY.'),
    })
    .optional(),
});

/**
 * Allowlisted configuration of a Lakeflow Declarative Pipeline (formerly Delta Live Tables): fields of the REST
 * pipeline `spec` (GET /api/2.0/pipelines/{pipeline_id},
 * https://docs.databricks.com/api/workspace/pipelines/get). Never libraries, notebooks, source code or
 * `configuration` values.
 */
export const PipelineConfig = z.object({
  development: z
    .boolean()
    .default(false)
    .describe(
      'Development mode: the cluster is reused (kept up two hours by default) and updates are not retried (https://docs.databricks.com/aws/en/dlt/updates#development-and-production-modes).',
    ),
  continuous: z.boolean().default(false).describe('Continuous pipeline (always running) rather than triggered.'),
  serverless: z.boolean().default(false),
  edition: z.string().optional().describe('Product edition: CORE, PRO or ADVANCED (classic compute).'),
  photon: z.boolean().optional(),
  channel: z.string().optional().describe('Runtime channel: CURRENT or PREVIEW.'),
  catalog: z.string().optional().describe('Unity Catalog catalog the pipeline publishes to (Class B).'),
  target: z.string().optional().describe('Target schema (Class B).'),
  trigger_cron: z
    .string()
    .optional()
    .describe('Quartz cron of the legacy pipeline-level trigger (REST `trigger.cron.quartz_cron_schedule`).'),
  clusters: z
    .array(PipelineClusterSizing)
    .default([])
    .describe('Sizing of the pipeline clusters (REST `clusters[]`: label, num_workers, autoscale only).'),
  state: z.string().optional().describe('REST `state`: IDLE, RUNNING, FAILED, DELETED, …'),
});

/**
 * Facts of a pipeline: cost and billed hours from system.billing.usage (usage_metadata.dlt_pipeline_id = id),
 * update counts from the REST update list (created time and cause, metadata only), `updateHours` from
 * system.lakeflow.pipeline_update_timeline (Public Preview; absent when that table is not readable). `activeHours`
 * and `outputRows` from flow_progress `num_output_rows`, which only the pipeline event log has: a live snapshot carries
 * them only with `databricks.betaPipelineEvents: true` (off by default), read from the Beta system table
 * system.lakeflow_pipeline_events_preview.pipeline_events (https://docs.databricks.com/aws/en/admin/system-tables/pipeline-events),
 * and leaves them out otherwise, when that table is not readable, and for a pipeline with no flow_progress event in
 * the window. Synthetic and file snapshots may carry them, and rules guard with `has(facts.x)`.
 */
export const PipelineFacts = z.object({
  dbus: num('DBUs in the window: SUM(usage_quantity) over all record types where usage_metadata.dlt_pipeline_id = id.'),
  costUsd: num('List cost in USD in the window: SUM(usage_quantity × list_prices.pricing.effective_list.default).'),
  usdPerDbu: num('Effective list price used, USD per DBU (costUsd / dbus, else the SKU list price).'),
  billedHours: num(
    'Hours in the window with usage billed to the pipeline (distinct hours of usage_start_time with net DBUs > 0), hours.',
  ),
  updates: num('Pipeline updates created in the window (REST update `creation_time`).'),
  scheduledUpdates: num(
    'Updates started by a schedule: cause JOB_TASK (a job pipeline task) (REST update `cause`, https://docs.databricks.com/api/workspace/pipelines/listupdates).',
  ),
  updateDays: num('Days of the window with at least one update created, days.'),
  updateHours: optNum(
    'Hours the updates ran (first period_start_time to last period_end_time of each update in system.lakeflow.pipeline_update_timeline, https://docs.databricks.com/aws/en/admin/system-tables/jobs#pipeline-update-timeline; clipped to the window, overlaps counted once), hours; absent when that Public Preview table is not readable or has no update of the pipeline in the window (it lags), except 0 for a triggered pipeline the REST API lists no update of either.',
  ),
  activeHours: optNum(
    'Hours in which the pipeline wrote at least one row: distinct hours (date_trunc HOUR of event_time) of the window with a flow_progress event whose details flow_progress.metrics.num_output_rows is above 0, hours; live only with databricks.betaPipelineEvents: true, from the Beta system.lakeflow_pipeline_events_preview.pipeline_events (https://docs.databricks.com/aws/en/admin/system-tables/pipeline-events); absent otherwise, when that table is not readable, and for a pipeline with no flow_progress event in the window.',
  ),
  outputRows: optNum(
    'Rows written by the pipeline flows in the window (sum of flow_progress details flow_progress.metrics.num_output_rows); live only with databricks.betaPipelineEvents: true, from the Beta system.lakeflow_pipeline_events_preview.pipeline_events; absent whenever activeHours is.',
  ),
  ...CommonBaselineFacts,
});
