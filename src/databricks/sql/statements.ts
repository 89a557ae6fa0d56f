/**
 * The fixed registry of reviewed SQL statements lakewarden may run (docs/security.md
 * "What lakewarden reads from Databricks"). Every statement reads only `system.*` tables with explicit columns; parameters are
 * named (`:start`, `:end`, DATE, inclusive). test/unit/databricks/metadata-boundary.test.ts parses each one.
 * Timestamps come back as the driver returns them; DECIMAL as exact strings and BIGINT as bigint
 * (`preserveBigNumericPrecision`). System tables docs: https://docs.databricks.com/aws/en/admin/system-tables/
 */
export interface RegisteredStatement {
  readonly name: string;
  readonly description: string;
  /** Named parameters the statement uses (all DATE). */
  readonly params: readonly ('start' | 'end')[];
  readonly sql: string;
}

const USAGE_COST = `
  FROM system.billing.usage u
  JOIN system.billing.list_prices p
    ON u.cloud = p.cloud AND u.sku_name = p.sku_name AND u.usage_unit = p.usage_unit
   AND u.usage_start_time >= p.price_start_time
   AND (p.price_end_time IS NULL OR u.usage_end_time <= p.price_end_time)
  WHERE u.usage_date BETWEEN :start AND :end`;

/**
 * DBUs and list cost per warehouse/cluster/job (and, with `pipelines`, Lakeflow pipeline) and day over `:start`…`:end`, all record types summed, days whose
 * DBUs net to zero dropped; `extraColumns` (text starting with a comma) adds columns after `list_cost_usd`.
 */
function usageByResourceDaySql(extraColumns: string, options: { pipelines?: boolean } = {}): string {
  const pipelineColumn = options.pipelines === true ? ' u.usage_metadata.dlt_pipeline_id AS pipeline_id,' : '';
  const pipelineFilter = options.pipelines === true ? '\n         OR u.usage_metadata.dlt_pipeline_id IS NOT NULL' : '';
  const pipelineGroup = options.pipelines === true ? '\n           u.usage_metadata.dlt_pipeline_id,' : '';
  return `SELECT u.workspace_id, u.usage_metadata.warehouse_id AS warehouse_id, u.usage_metadata.cluster_id AS cluster_id,
       u.usage_metadata.job_id AS job_id,${pipelineColumn} u.usage_date,
       SUM(u.usage_quantity) AS dbus,
       SUM(u.usage_quantity * p.pricing.effective_list.default) AS list_cost_usd${extraColumns}
${USAGE_COST}
    AND (u.usage_metadata.warehouse_id IS NOT NULL OR u.usage_metadata.cluster_id IS NOT NULL OR u.usage_metadata.job_id IS NOT NULL${pipelineFilter})
  GROUP BY u.workspace_id, u.usage_metadata.warehouse_id, u.usage_metadata.cluster_id, u.usage_metadata.job_id,${pipelineGroup} u.usage_date
  HAVING SUM(u.usage_quantity) <> 0`;
}

/**
 * The latest slowly-changing-dimension row per `key` of a system table (the highest `change_time`), rows whose
 * `delete_time` is set dropped: `workspace_id`, `key` and `columns`.
 */
function latestScdSql(table: string, key: string, columns: readonly string[]): string {
  const list = ['workspace_id', key, ...columns].join(', ');
  return `SELECT ${list}
  FROM (
    SELECT ${list}, delete_time
    FROM ${table}
    QUALIFY ROW_NUMBER() OVER (PARTITION BY workspace_id, ${key} ORDER BY change_time DESC) = 1
  ) latest
  WHERE delete_time IS NULL`;
}

const statements = [
  {
    name: 'usage-by-resource-day',
    description:
      'DBUs and list cost (pricing.effective_list.default) per warehouse/cluster/job and day, summed over all record types; run over the baseline period + window (the daily cost/DBU series), window totals taken from the window days (https://docs.databricks.com/aws/en/admin/system-tables/billing).',
    params: ['start', 'end'],
    sql: usageByResourceDaySql(''),
  },
  {
    name: 'usage-by-workspace-day',
    description:
      'DBUs and list cost (pricing.effective_list.default) per workspace and day over the baseline period + window, every product and all record types summed: the workspace cost series (https://docs.databricks.com/aws/en/admin/system-tables/billing).',
    params: ['start', 'end'],
    sql: `SELECT u.workspace_id, u.usage_date,
       SUM(u.usage_quantity) AS dbus,
       SUM(u.usage_quantity * p.pricing.effective_list.default) AS list_cost_usd
${USAGE_COST}
  GROUP BY u.workspace_id, u.usage_date`,
  },
  {
    name: 'usage-by-job-run',
    description:
      'List cost per job run (usage_metadata.job_run_id) and serverless performance mode (product_features.performance_target: PERFORMANCE_OPTIMIZED, STANDARD or NULL), all record types summed, for failed/retry run cost and the cost per run in each mode (https://docs.databricks.com/aws/en/admin/system-tables/billing).',
    params: ['start', 'end'],
    sql: `SELECT u.workspace_id, u.usage_metadata.job_id AS job_id, u.usage_metadata.job_run_id AS job_run_id,
       u.product_features.performance_target AS performance_target,
       SUM(u.usage_quantity) AS dbus,
       SUM(u.usage_quantity * p.pricing.effective_list.default) AS list_cost_usd
${USAGE_COST}
    AND u.usage_metadata.job_run_id IS NOT NULL
  GROUP BY u.workspace_id, u.usage_metadata.job_id, u.usage_metadata.job_run_id, u.product_features.performance_target
  HAVING SUM(u.usage_quantity) <> 0`,
  },
  {
    name: 'usage-by-pipeline-hour',
    description:
      'DBUs and list cost (pricing.effective_list.default) per Lakeflow Declarative Pipeline (usage_metadata.dlt_pipeline_id) and hour of usage_start_time, all record types summed: pipeline cost and billed hours (https://docs.databricks.com/aws/en/admin/system-tables/billing).',
    params: ['start', 'end'],
    sql: `SELECT u.workspace_id, u.usage_metadata.dlt_pipeline_id AS pipeline_id,
       date_trunc('HOUR', u.usage_start_time) AS usage_hour,
       SUM(u.usage_quantity) AS dbus,
       SUM(u.usage_quantity * p.pricing.effective_list.default) AS list_cost_usd
${USAGE_COST}
    AND u.usage_metadata.dlt_pipeline_id IS NOT NULL
  GROUP BY u.workspace_id, u.usage_metadata.dlt_pipeline_id, date_trunc('HOUR', u.usage_start_time)
  HAVING SUM(u.usage_quantity) <> 0`,
  },
  {
    name: 'pipeline-update-hours',
    description:
      'Per Lakeflow pipeline update whose periods overlap the window: the first period_start_time and last period_end_time (an update may span several rows, as long job runs do in job_run_timeline; they are aggregated per update) from system.lakeflow.pipeline_update_timeline (Public Preview, https://docs.databricks.com/aws/en/admin/system-tables/jobs#pipeline-update-timeline; columns pipeline_id, update_id, period_start_time, period_end_time as listed on https://www.databricks.com/devhub/docs/lakehouse/pipelines): the hours the updates ran, clipped to the window and unioned per pipeline in src/databricks/facts/pipeline-update-hours-facts.ts.',
    params: ['start', 'end'],
    sql: `SELECT pipeline_id, update_id,
       MIN(period_start_time) AS update_start, MAX(period_end_time) AS update_end
  FROM system.lakeflow.pipeline_update_timeline
  WHERE period_end_time > CAST(:start AS TIMESTAMP) AND period_start_time < CAST(:end + INTERVAL 1 DAY AS TIMESTAMP)
  GROUP BY pipeline_id, update_id`,
  },
  {
    name: 'pipeline-activity-hours',
    description:
      "Opt-in (databricks.betaPipelineEvents), Beta table: per Lakeflow pipeline over the window, from system.lakeflow_pipeline_events_preview.pipeline_events (Beta; moves to system.lakeflow.pipeline_events at GA; columns pipeline_id, event_type, event_time as on https://docs.databricks.com/aws/en/admin/system-tables/pipeline-events and in the hourly queries of https://docs.databricks.com/aws/en/ldp/monitor-and-query-events): the number of flow_progress events, the number of distinct hours (date_trunc('HOUR', event_time)) with at least one flow_progress event whose details flow_progress.metrics.num_output_rows (https://docs.databricks.com/aws/en/ldp/monitor-event-log-schema, read with the : path operator, https://docs.databricks.com/aws/en/sql/language-manual/functions/colonsign) is above 0, and the sum of num_output_rows. Event types and counts only: no message, error, origin or data.",
    params: ['start', 'end'],
    sql: `SELECT pipeline_id,
       COUNT(*) AS progress_events,
       COUNT(DISTINCT CASE WHEN CAST(details:flow_progress.metrics.num_output_rows AS BIGINT) > 0
                           THEN date_trunc('HOUR', event_time) END) AS active_hours,
       SUM(CAST(details:flow_progress.metrics.num_output_rows AS BIGINT)) AS output_rows
  FROM system.lakeflow_pipeline_events_preview.pipeline_events
  WHERE event_type = 'flow_progress' AND pipeline_id IS NOT NULL
    AND event_time >= CAST(:start AS TIMESTAMP) AND event_time < CAST(:end + INTERVAL 1 DAY AS TIMESTAMP)
  GROUP BY pipeline_id`,
  },
  {
    name: 'list-prices-current',
    description:
      'Current list price per SKU (price_end_time IS NULL) (https://docs.databricks.com/aws/en/admin/system-tables/pricing).',
    params: [],
    sql: `SELECT account_id, sku_name, cloud, usage_unit, currency_code, pricing.effective_list.default AS usd_per_unit
  FROM system.billing.list_prices
  WHERE price_end_time IS NULL AND currency_code = 'USD'`,
  },
  {
    name: 'clusters-latest',
    description:
      'Latest SCD row per cluster, deleted dropped (https://docs.databricks.com/aws/en/admin/system-tables/compute).',
    params: [],
    sql: latestScdSql('system.compute.clusters', 'cluster_id', [
      'cluster_name',
      'owned_by',
      'cluster_source',
      'dbr_version',
      'auto_termination_minutes',
    ]),
  },
  {
    name: 'warehouses-latest',
    description:
      'Latest SCD row per warehouse, deleted dropped (https://docs.databricks.com/admin/system-tables/warehouses.html).',
    params: [],
    sql: latestScdSql('system.compute.warehouses', 'warehouse_id', [
      'warehouse_name',
      'warehouse_type',
      'warehouse_size',
      'min_clusters',
      'max_clusters',
      'auto_stop_minutes',
    ]),
  },
  {
    name: 'jobs-latest',
    description:
      'Latest SCD row per job, deleted dropped; newer columns are NULL before late Nov 2025 (https://docs.databricks.com/admin/system-tables/jobs.html).',
    params: [],
    sql: latestScdSql('system.lakeflow.jobs', 'job_id', [
      'name',
      'run_as_user_name',
      'creator_user_name',
      'timeout_seconds',
      'paused',
    ]),
  },
  {
    name: 'warehouse-events',
    description:
      "Warehouse start/stop/scale events in the window plus each warehouse's last event before it (its state at the window start: a warehouse that never stops may have no event in the window), ordered per warehouse (https://docs.databricks.com/admin/system-tables/warehouse-events.html).",
    params: ['start', 'end'],
    sql: `SELECT workspace_id, warehouse_id, event_type, cluster_count, event_time
  FROM (
    SELECT workspace_id, warehouse_id, event_type, cluster_count, event_time
    FROM system.compute.warehouse_events
    WHERE event_time >= :start AND event_time < :end + INTERVAL 1 DAY
    UNION ALL
    SELECT workspace_id, warehouse_id, event_type, cluster_count, event_time
    FROM system.compute.warehouse_events
    WHERE event_time < :start
    QUALIFY ROW_NUMBER() OVER (PARTITION BY workspace_id, warehouse_id ORDER BY event_time DESC) = 1
  ) events
  ORDER BY workspace_id, warehouse_id, event_time`,
  },
  {
    name: 'warehouse-query-stats',
    description:
      'Statement statistics per warehouse per day plus a window total (day NULL); never text, parameters, errors or identities (https://docs.databricks.com/en/admin/system-tables/query-history.html).',
    params: ['start', 'end'],
    sql: `SELECT workspace_id, compute.warehouse_id AS warehouse_id, CAST(start_time AS DATE) AS query_date,
       COUNT(*) AS query_count,
       COUNT_IF(execution_status = 'FAILED') AS failed_count,
       COUNT_IF(spilled_local_bytes > 0) AS spill_count,
       SUM(spilled_local_bytes) AS spilled_bytes,
       COUNT_IF(waiting_at_capacity_duration_ms > 0) AS queued_count,
       percentile_approx(waiting_at_capacity_duration_ms, 0.95) AS p95_queue_ms,
       percentile_approx(total_duration_ms, 0.95) AS p95_duration_ms,
       SUM(total_task_duration_ms) AS total_task_ms
  FROM system.query.history
  WHERE compute.warehouse_id IS NOT NULL AND start_time >= :start AND start_time < :end + INTERVAL 1 DAY
  GROUP BY GROUPING SETS ((workspace_id, compute.warehouse_id, CAST(start_time AS DATE)), (workspace_id, compute.warehouse_id))`,
  },
  {
    name: 'warehouse-query-hours',
    description: 'Per warehouse and hour: statements started, latest end and queued statements (idle-time derivation).',
    params: ['start', 'end'],
    sql: `SELECT workspace_id, compute.warehouse_id AS warehouse_id, date_trunc('HOUR', start_time) AS hour_start,
       COUNT(*) AS query_count, MAX(end_time) AS last_end_time,
       COUNT_IF(waiting_at_capacity_duration_ms > 0) AS queued_count
  FROM system.query.history
  WHERE compute.warehouse_id IS NOT NULL AND start_time >= :start AND start_time < :end + INTERVAL 1 DAY
  GROUP BY workspace_id, compute.warehouse_id, date_trunc('HOUR', start_time)`,
  },
  {
    name: 'job-runs',
    description:
      "One row per job run: slices aggregated (MIN start, MAX end, summed slice seconds, MAX result_state = the last slice's) (https://docs.databricks.com/admin/system-tables/jobs.html).",
    params: ['start', 'end'],
    sql: `SELECT workspace_id, job_id, run_id,
       MIN(period_start_time) AS run_start, MAX(period_end_time) AS run_end,
       SUM(timestampdiff(SECOND, period_start_time, period_end_time)) AS run_seconds,
       MAX(result_state) AS result_state
  FROM system.lakeflow.job_run_timeline
  WHERE period_start_time >= :start AND period_start_time < :end + INTERVAL 1 DAY
  GROUP BY workspace_id, job_id, run_id`,
  },
  {
    name: 'job-task-compute',
    description: 'Task runs and task seconds per job and compute id (job_task_run_timeline.compute_ids).',
    params: ['start', 'end'],
    sql: `SELECT t.workspace_id, t.job_id, c.compute_id,
       COUNT(DISTINCT t.run_id) AS task_runs,
       SUM(timestampdiff(SECOND, t.period_start_time, t.period_end_time)) AS task_seconds
  FROM system.lakeflow.job_task_run_timeline t
  LATERAL VIEW explode(t.compute_ids) c AS compute_id
  WHERE t.period_start_time >= :start AND t.period_start_time < :end + INTERVAL 1 DAY
  GROUP BY t.workspace_id, t.job_id, c.compute_id`,
  },
  {
    name: 'cluster-task-hours',
    description:
      'Hours in which a job task ran on a cluster and the task minutes in each (for idle-hour derivation: a short task does not make an hour busy).',
    params: ['start', 'end'],
    sql: `SELECT t.workspace_id, c.compute_id AS cluster_id, h.hour_start,
       SUM(timestampdiff(SECOND, greatest(t.period_start_time, h.hour_start),
                         least(t.period_end_time, h.hour_start + INTERVAL 1 HOUR)) / 60.0) AS task_minutes
  FROM system.lakeflow.job_task_run_timeline t
  LATERAL VIEW explode(t.compute_ids) c AS compute_id
  LATERAL VIEW explode(sequence(date_trunc('HOUR', t.period_start_time), date_trunc('HOUR', t.period_end_time), INTERVAL 1 HOUR)) h AS hour_start
  WHERE t.period_start_time >= :start AND t.period_start_time < :end + INTERVAL 1 DAY
  GROUP BY t.workspace_id, c.compute_id, h.hour_start`,
  },
  {
    name: 'cluster-node-hours',
    description:
      'Per cluster and hour: average CPU (user+system), max memory, minute rows, driver rows (https://docs.databricks.com/aws/en/admin/system-tables/compute).',
    params: ['start', 'end'],
    sql: `SELECT workspace_id, cluster_id, date_trunc('HOUR', start_time) AS hour_start,
       AVG(cpu_user_percent + cpu_system_percent) AS avg_cpu_pct,
       MAX(mem_used_percent) AS max_mem_pct,
       COUNT(*) AS node_minutes,
       COUNT_IF(driver) AS driver_minutes
  FROM system.compute.node_timeline
  WHERE start_time >= :start AND start_time < :end + INTERVAL 1 DAY
  GROUP BY workspace_id, cluster_id, date_trunc('HOUR', start_time)`,
  },
  {
    name: 'warehouse-query-days',
    description:
      'Anomaly series: statements, failed statements (all error classes: no error-class column is readable without error_message) and spilled bytes per warehouse and day over the baseline period + window; never text, parameters, errors or identities (https://docs.databricks.com/en/admin/system-tables/query-history.html).',
    params: ['start', 'end'],
    sql: `SELECT workspace_id, compute.warehouse_id AS warehouse_id, CAST(start_time AS DATE) AS query_date,
       COUNT(*) AS query_count,
       COUNT_IF(execution_status = 'FAILED') AS failed_count,
       SUM(spilled_local_bytes) AS spilled_bytes
  FROM system.query.history
  WHERE compute.warehouse_id IS NOT NULL AND start_time >= :start AND start_time < :end + INTERVAL 1 DAY
  GROUP BY workspace_id, compute.warehouse_id, CAST(start_time AS DATE)`,
  },
  {
    name: 'job-run-durations',
    description:
      "Anomaly series: one row per job run over the baseline period + window (slices aggregated: MIN start, summed slice seconds, MAX result_state) with the job's configuration version at the run's start = the number of system.lakeflow.jobs SCD rows with change_time <= run start (https://docs.databricks.com/admin/system-tables/jobs.html).",
    params: ['start', 'end'],
    sql: `SELECT r.workspace_id, r.job_id, r.run_id, r.run_start, r.run_seconds, r.result_state,
       COUNT(j.change_time) AS config_version
  FROM (
    SELECT workspace_id, job_id, run_id,
           MIN(period_start_time) AS run_start,
           SUM(timestampdiff(SECOND, period_start_time, period_end_time)) AS run_seconds,
           MAX(result_state) AS result_state
    FROM system.lakeflow.job_run_timeline
    WHERE period_start_time >= :start AND period_start_time < :end + INTERVAL 1 DAY
    GROUP BY workspace_id, job_id, run_id
  ) r
  LEFT JOIN system.lakeflow.jobs j
    ON j.workspace_id = r.workspace_id AND j.job_id = r.job_id AND j.change_time <= r.run_start
  GROUP BY r.workspace_id, r.job_id, r.run_id, r.run_start, r.run_seconds, r.result_state`,
  },
  {
    name: 'predictive-optimization-tables',
    description:
      'Table facts: predictive-optimization operations per table, operation type, status and day over the baseline period + window: counts, last end, compaction file counts and bytes (operation_metrics keys number_of_compacted_files, amount_of_data_compacted_bytes, number_of_output_files only) and estimated DBUs; catalog/schema/table names are Class B (https://docs.databricks.com/aws/en/admin/system-tables/predictive-optimization).',
    params: ['start', 'end'],
    sql: `SELECT workspace_id, table_id, catalog_name, schema_name, table_name, operation_type, operation_status,
       CAST(start_time AS DATE) AS operation_date,
       COUNT(*) AS operations,
       MAX(end_time) AS last_end_time,
       SUM(CAST(operation_metrics['number_of_compacted_files'] AS BIGINT)) AS compacted_files,
       SUM(CAST(operation_metrics['amount_of_data_compacted_bytes'] AS BIGINT)) AS compacted_bytes,
       SUM(CAST(operation_metrics['number_of_output_files'] AS BIGINT)) AS output_files,
       SUM(usage_quantity) AS estimated_dbus
  FROM system.storage.predictive_optimization_operations_history
  WHERE table_id IS NOT NULL AND start_time >= :start AND start_time < :end + INTERVAL 1 DAY
  GROUP BY workspace_id, table_id, catalog_name, schema_name, table_name, operation_type, operation_status, CAST(start_time AS DATE)`,
  },
] as const satisfies readonly RegisteredStatement[];

export type StatementName = (typeof statements)[number]['name'];

const registry = new Map<string, RegisteredStatement>(statements.map((s) => [s.name, s]));

/** The registry, keyed by name: the statements above, doctor's probes and `explain:` twins, the measurement's. */
export const STATEMENTS: ReadonlyMap<string, RegisteredStatement> = registry;

/** `EXPLAIN` of a registered statement, for doctor's "compiles" check; registered under `explain:<name>`. */
function explainOf(statement: RegisteredStatement): RegisteredStatement {
  return {
    name: `explain:${statement.name}`,
    description: `doctor: ${statement.name} compiles`,
    params: statement.params,
    sql: `EXPLAIN ${statement.sql}`,
  };
}

/** Tiny probes, one per system table read, used by `doctor` to prove each schema is readable. */
export const PROBE_TABLES = [
  'system.billing.usage',
  'system.billing.list_prices',
  'system.compute.clusters',
  'system.compute.warehouses',
  'system.compute.warehouse_events',
  'system.compute.node_timeline',
  'system.lakeflow.jobs',
  'system.lakeflow.job_run_timeline',
  'system.lakeflow.job_task_run_timeline',
  'system.lakeflow.pipeline_update_timeline',
  'system.query.history',
  'system.storage.predictive_optimization_operations_history',
] as const;

/** Probes of the tables only {@link OPT_IN_STATEMENTS} read: `doctor` runs them only when those are configured. */
export const OPT_IN_PROBE_TABLES = ['system.lakeflow_pipeline_events_preview.pipeline_events'] as const;

for (const table of [...PROBE_TABLES, ...OPT_IN_PROBE_TABLES]) {
  const name = `probe:${table}`;
  registry.set(name, {
    name,
    description: `doctor: ${table} is readable`,
    params: [],
    sql: `SELECT 1 AS ok FROM ${table} LIMIT 1`,
  });
}

for (const statement of statements) registry.set(`explain:${statement.name}`, explainOf(statement));

/**
 * Collector statements that run only when configured: `pipeline-activity-hours` reads a Beta system table
 * (databricks.betaPipelineEvents, off by default), so it is neither run nor checked by `doctor` unless that is on.
 */
export const OPT_IN_STATEMENTS: readonly StatementName[] = ['pipeline-activity-hours'];

/** Names of the collector statements that always run (not probes, EXPLAINs or {@link OPT_IN_STATEMENTS}). */
export const COLLECTOR_STATEMENTS: readonly StatementName[] = statements
  .map((s) => s.name)
  .filter((name) => !OPT_IN_STATEMENTS.includes(name));

/**
 * Statements run outside the scan (not collectors, so `collectSnapshot` does not run them): the verified-savings
 * measurement (src/databricks/sql/sql-billing-source.ts). Each also gets an `explain:` twin so doctor can check it compiles.
 */
const measurementStatements = [
  {
    name: 'resource-cost-by-day',
    description:
      'Verified savings: DBUs, list cost (pricing.effective_list.default) and distinct job runs per warehouse/cluster/job/pipeline (usage_metadata.dlt_pipeline_id) and day, all record types summed (https://docs.databricks.com/aws/en/admin/system-tables/billing).',
    params: ['start', 'end'],
    sql: usageByResourceDaySql(',\n       COUNT(DISTINCT u.usage_metadata.job_run_id) AS job_runs', {
      pipelines: true,
    }),
  },
] as const satisfies readonly RegisteredStatement[];

for (const statement of measurementStatements) {
  registry.set(statement.name, statement);
  registry.set(`explain:${statement.name}`, explainOf(statement));
}
