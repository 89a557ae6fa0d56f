import type {
  ClusterEvent,
  ClusterInfo,
  JobInfo,
  PipelineInfo,
  PipelineStateInfo,
  PipelineUpdateInfo,
  RunInfo,
  WarehouseInfo,
} from './schemas.ts';

/** Time range in epoch milliseconds (REST convention). */
export interface MsRange {
  startMs: number;
  endMs: number;
}

/**
 * Read-only Databricks workspace REST operations lakewarden uses (https://docs.databricks.com/api/workspace/introduction). Reused by
 * remediation for read-back. All ids are strings; list methods follow every page.
 */
export interface WorkspaceReader {
  readonly host: string;
  listWarehouses(): Promise<WarehouseInfo[]>;
  getWarehouse(id: string): Promise<WarehouseInfo>;
  /** All clusters, or only those whose cluster_source is listed (filter_by.cluster_sources). */
  listClusters(sources?: readonly string[]): Promise<ClusterInfo[]>;
  getCluster(id: string): Promise<ClusterInfo>;
  listClusterEvents(clusterId: string, range: MsRange, eventTypes: readonly string[]): Promise<ClusterEvent[]>;
  /** Jobs with tasks; jobs whose task list was truncated are completed with getJob. */
  listJobs(): Promise<JobInfo[]>;
  getJob(id: string): Promise<JobInfo>;
  /** Completed runs that started in the range, all jobs. */
  listRuns(range: MsRange): Promise<RunInfo[]>;
  /** Every Lakeflow Declarative Pipeline of the workspace (id, name, state). */
  listPipelines(): Promise<PipelineStateInfo[]>;
  /** One pipeline with its allowlisted spec (no libraries, no configuration values). */
  getPipeline(id: string): Promise<PipelineInfo>;
  /** The pipeline's updates created in the range (start inclusive, end exclusive); updates without a time dropped. */
  listPipelineUpdates(id: string, range: MsRange): Promise<PipelineUpdateInfo[]>;
}
