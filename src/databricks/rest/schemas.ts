import { z } from 'zod';
import { JobCluster, PipelineClusterSizing } from '../../snapshot/resource-kinds-schema.ts';
import { Int64Id } from './to-id.ts';

/*
 * REST response schemas (https://docs.databricks.com/api/workspace/introduction, field names from the Go SDK generated structs). Each lists only
 * allowlisted Class A/B fields (docs/security.md "REST endpoints (reads)"): zod strips everything else (spark_conf, spark_env_vars, parameters,
 * state_message, health text, …) so Class C values never outlive the parse.
 * Databricks REST responses omit empty and default-valued fields (proto3 JSON): an omitted field reads as the
 * default the API reference documents for it (cited per field below), never as a parse error.
 */

/** GET /api/2.0/sql/warehouses/{id} — https://docs.databricks.com/api/workspace/warehouses/get */
export const WarehouseInfo = z.object({
  id: z.string(),
  name: z.string().default(''),
  cluster_size: z.string(),
  min_num_clusters: z.number().int().default(1),
  max_num_clusters: z.number().int().default(1),
  num_clusters: z.number().int().optional(),
  auto_stop_mins: z.number().int().default(0),
  warehouse_type: z.string().default('CLASSIC'),
  enable_serverless_compute: z.boolean().default(false),
  enable_photon: z.boolean().optional(),
  spot_instance_policy: z.string().optional(),
  state: z.string().optional(),
  creator_name: z.string().optional(),
  tags: z
    .object({ custom_tags: z.array(z.object({ key: z.string(), value: z.string().default('') })).default([]) })
    .optional(),
  channel: z.object({ name: z.string().optional() }).optional(),
  health: z.object({ status: z.string().optional() }).optional(),
});
export type WarehouseInfo = z.infer<typeof WarehouseInfo>;

/** GET /api/2.0/sql/warehouses — https://docs.databricks.com/api/workspace/warehouses/list */
export const WarehouseList = z.object({
  warehouses: z.array(WarehouseInfo).default([]),
  next_page_token: z.string().optional(),
});

/** GET /api/2.1/clusters/get — https://docs.databricks.com/api/workspace/clusters/get (no spark_conf/env). */
export const ClusterInfo = z.object({
  cluster_id: z.string(),
  cluster_name: z.string().default(''),
  cluster_source: z.string().default('UNKNOWN'),
  state: z.string().optional(),
  spark_version: z.string().default(''),
  node_type_id: z.string().optional(),
  driver_node_type_id: z.string().optional(),
  /** Omitted when 0 (a single-node cluster, or an autoscaling one that uses `autoscale`). */
  num_workers: z.number().int().optional(),
  autoscale: z.object({ min_workers: z.number().int(), max_workers: z.number().int() }).optional(),
  /** Documented: when not set the cluster is not automatically terminated → 0 (https://docs.databricks.com/api/workspace/clusters/get). */
  autotermination_minutes: z.number().int().default(0),
  data_security_mode: z.string().optional(),
  policy_id: z.string().optional(),
  /** `CLASSIC_PREVIEW` for the simple form; with it `is_single_node` (default false) marks a single-node cluster. */
  kind: z.string().optional(),
  is_single_node: z.boolean().default(false),
  custom_tags: z.record(z.string(), z.string()).default({}),
  creator_user_name: z.string().optional(),
  single_user_name: z.string().optional(),
  termination_reason: z.object({ code: z.string().optional(), type: z.string().optional() }).optional(),
});
export type ClusterInfo = z.infer<typeof ClusterInfo>;

/** GET /api/2.1/clusters/list — https://docs.databricks.com/api/workspace/clusters/list */
export const ClusterList = z.object({
  clusters: z.array(ClusterInfo).default([]),
  next_page_token: z.string().optional(),
});

/** POST /api/2.1/clusters/events — https://docs.databricks.com/api/workspace/clusters/events */
export const ClusterEvent = z.object({
  cluster_id: z.string(),
  timestamp: z.number(),
  type: z.string(),
  details: z
    .object({
      reason: z.object({ code: z.string().optional(), type: z.string().optional() }).optional(),
      cause: z.string().optional(),
      current_num_workers: z.number().optional(),
      target_num_workers: z.number().optional(),
    })
    .optional(),
});
export type ClusterEvent = z.infer<typeof ClusterEvent>;
export const ClusterEventPage = z.object({
  events: z.array(ClusterEvent).default([]),
  next_page_token: z.string().optional(),
});

/**
 * A task of GET /api/2.2/jobs/get (no parameters, no notebook paths). Defaults as documented for the task fields of
 * https://docs.databricks.com/api/workspace/jobs/create: `max_retries` never retry → 0; `min_retry_interval_millis`
 * retried immediately → 0; `retry_on_timeout` no retry on timeout → false; `timeout_seconds` no timeout → 0.
 */
export const JobTaskInfo = z.object({
  task_key: z.string(),
  existing_cluster_id: z.string().optional(),
  job_cluster_key: z.string().optional(),
  environment_key: z.string().optional(),
  max_retries: z.number().int().default(0),
  min_retry_interval_millis: z.number().int().default(0),
  retry_on_timeout: z.boolean().default(false),
  timeout_seconds: z.number().int().default(0),
});
/** `pause_status` of schedule, continuous and trigger: documented default UNPAUSED (https://docs.databricks.com/api/workspace/jobs/create). */
const PauseStatus = z.string().default('UNPAUSED');
/**
 * `trigger` of job settings: its pause status, the periodic interval, and which other trigger it is (file arrival,
 * table update, model) as an empty object — their URLs and table names are not kept.
 */
export const JobTrigger = z.object({
  pause_status: PauseStatus,
  periodic: z.object({ interval: z.number().int(), unit: z.string() }).optional(),
  file_arrival: z.object({}).optional(),
  table_update: z.object({}).optional(),
  table: z.object({}).optional(),
  model: z.object({}).optional(),
});

/** GET /api/2.2/jobs/get — https://docs.databricks.com/api/workspace/jobs/get (no description/parameters). */
export const JobInfo = z.object({
  job_id: Int64Id,
  creator_user_name: z.string().optional(),
  run_as_user_name: z.string().optional(),
  settings: z.object({
    name: z.string().default(''),
    tags: z.record(z.string(), z.string()).default({}),
    /** Documented default: no timeout → 0 (https://docs.databricks.com/api/workspace/jobs/get). */
    timeout_seconds: z.number().int().default(0),
    /** Documented default 1 (https://docs.databricks.com/api/workspace/jobs/create, `max_concurrent_runs`). */
    max_concurrent_runs: z.number().int().default(1),
    schedule: z
      .object({ quartz_cron_expression: z.string(), timezone_id: z.string(), pause_status: PauseStatus })
      .optional(),
    /** A continuous (streaming) job: always one active run. */
    continuous: z.object({ pause_status: PauseStatus }).optional(),
    trigger: JobTrigger.optional(),
    /** Serverless jobs: `PERFORMANCE_OPTIMIZED` or `STANDARD` (jobs/create `performance_target`). */
    performance_target: z.string().optional(),
    health: z
      .object({ rules: z.array(z.object({ metric: z.string(), op: z.string(), value: z.number() })).default([]) })
      .optional(),
    tasks: z.array(JobTaskInfo).default([]),
    job_clusters: z.array(JobCluster).default([]),
  }),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});
export type JobInfo = z.infer<typeof JobInfo>;

/** GET /api/2.2/jobs/list — https://docs.databricks.com/api/workspace/jobs/list */
export const JobList = z.object({
  jobs: z.array(JobInfo).default([]),
  has_more: z.boolean().default(false),
  next_page_token: z.string().optional(),
});

/** A run of GET /api/2.2/jobs/runs/list (no state_message, no parameters). */
export const RunInfo = z.object({
  job_id: Int64Id,
  run_id: Int64Id,
  attempt_number: z.number().int().default(0),
  original_attempt_run_id: Int64Id.optional(),
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  run_duration: z.number().optional(),
  state: z.object({ life_cycle_state: z.string().optional(), result_state: z.string().optional() }).optional(),
  status: z
    .object({
      state: z.string().optional(),
      termination_details: z.object({ code: z.string().optional(), type: z.string().optional() }).optional(),
    })
    .optional(),
});
export type RunInfo = z.infer<typeof RunInfo>;

/** GET /api/2.2/jobs/runs/list — https://docs.databricks.com/api/workspace/jobs/listruns */
export const RunList = z.object({
  runs: z.array(RunInfo).default([]),
  has_more: z.boolean().default(false),
  next_page_token: z.string().optional(),
});

/**
 * One pipeline of GET /api/2.0/pipelines (https://docs.databricks.com/api/workspace/pipelines/listpipelines):
 * its id and name only; the configuration is read with GET /api/2.0/pipelines/{pipeline_id}.
 */
export const PipelineStateInfo = z.object({
  pipeline_id: z.string(),
  name: z.string().default(''),
  state: z.string().optional(),
});
export type PipelineStateInfo = z.infer<typeof PipelineStateInfo>;

/** GET /api/2.0/pipelines — https://docs.databricks.com/api/workspace/pipelines/listpipelines */
export const PipelineList = z.object({
  statuses: z.array(PipelineStateInfo).default([]),
  next_page_token: z.string().optional(),
});

/**
 * GET /api/2.0/pipelines/{pipeline_id} — https://docs.databricks.com/api/workspace/pipelines/get. The `spec`
 * keeps mode, compute and destination fields and the cluster sizing only: `libraries` (notebooks, files, code),
 * `configuration` (key → value settings), `notifications`, `spark_conf` and the rest are dropped by the parse.
 * Omitted booleans read as false, the documented defaults of pipelines/create (`development`, `continuous`,
 * `serverless`, `photon`).
 */
export const PipelineInfo = z.object({
  pipeline_id: z.string(),
  name: z.string().default(''),
  state: z.string().optional(),
  creator_user_name: z.string().optional(),
  run_as_user_name: z.string().optional(),
  spec: z
    .object({
      development: z.boolean().default(false),
      continuous: z.boolean().default(false),
      serverless: z.boolean().default(false),
      edition: z.string().optional(),
      photon: z.boolean().optional(),
      channel: z.string().optional(),
      catalog: z.string().optional(),
      target: z.string().optional(),
      trigger: z.object({ cron: z.object({ quartz_cron_schedule: z.string().optional() }).optional() }).optional(),
      clusters: z.array(PipelineClusterSizing).default([]),
      tags: z.record(z.string(), z.string()).default({}),
    })
    .default({ development: false, continuous: false, serverless: false, clusters: [], tags: {} }),
});
export type PipelineInfo = z.infer<typeof PipelineInfo>;

/**
 * One update of GET /api/2.0/pipelines/{pipeline_id}/updates
 * (https://docs.databricks.com/api/workspace/pipelines/listupdates): when it was created (epoch ms), why (`cause`:
 * API_CALL, JOB_TASK, RETRY_ON_FAILURE, SCHEMA_CHANGE, SERVICE_UPGRADE, USER_ACTION, …) and its state. No `config`.
 */
export const PipelineUpdateInfo = z.object({
  update_id: z.string(),
  creation_time: z.number().optional(),
  cause: z.string().optional(),
  state: z.string().optional(),
});
export type PipelineUpdateInfo = z.infer<typeof PipelineUpdateInfo>;

/** GET /api/2.0/pipelines/{pipeline_id}/updates — newest first, paged by `next_page_token`. */
export const PipelineUpdateList = z.object({
  updates: z.array(PipelineUpdateInfo).default([]),
  next_page_token: z.string().optional(),
});
