import type { ClusterResource, JobResource, PipelineResource, WarehouseResource } from '../../snapshot/schema.ts';
import type { ClusterInfo, JobInfo, PipelineInfo, WarehouseInfo } from '../rest/schemas.ts';

/**
 * REST → snapshot `config` and `tags` of one resource (the wire names of
 * https://docs.databricks.com/api/workspace/warehouses/get, /clusters/get and /jobs/get). Used by the
 * collector and by the approval's re-check of a filed plan against a fresh read.
 */
export function warehouseConfigOf(info: WarehouseInfo): Pick<WarehouseResource, 'config' | 'tags'> {
  return {
    tags: Object.fromEntries((info.tags?.custom_tags ?? []).map((t) => [t.key, t.value])),
    config: {
      cluster_size: info.cluster_size,
      min_num_clusters: info.min_num_clusters,
      max_num_clusters: info.max_num_clusters,
      auto_stop_mins: info.auto_stop_mins,
      warehouse_type: info.warehouse_type,
      enable_serverless_compute: info.enable_serverless_compute,
      ...(info.enable_photon === undefined ? {} : { enable_photon: info.enable_photon }),
      ...(info.spot_instance_policy === undefined ? {} : { spot_instance_policy: info.spot_instance_policy }),
      ...(info.state === undefined ? {} : { state: info.state }),
      ...(info.channel?.name === undefined ? {} : { channel: info.channel.name }),
    },
  };
}

export function clusterConfigOf(info: ClusterInfo): Pick<ClusterResource, 'config' | 'tags'> {
  return {
    tags: info.custom_tags,
    config: {
      cluster_name: info.cluster_name,
      cluster_source: info.cluster_source,
      spark_version: info.spark_version,
      autotermination_minutes: info.autotermination_minutes,
      ...(info.state === undefined ? {} : { state: info.state }),
      ...(info.node_type_id === undefined ? {} : { node_type_id: info.node_type_id }),
      ...(info.driver_node_type_id === undefined ? {} : { driver_node_type_id: info.driver_node_type_id }),
      // REST omits num_workers when it is 0 (single node); an autoscaling cluster has autoscale instead.
      ...(info.num_workers === undefined && info.autoscale !== undefined ? {} : { num_workers: info.num_workers ?? 0 }),
      ...(info.autoscale === undefined ? {} : { autoscale: info.autoscale }),
      ...(info.data_security_mode === undefined ? {} : { data_security_mode: info.data_security_mode }),
      ...(info.policy_id === undefined ? {} : { policy_id: info.policy_id }),
      ...(info.kind === undefined ? {} : { kind: info.kind }),
      is_single_node: isSingleNode(info),
    },
  };
}

/**
 * Whether a cluster is single-node: REST `is_single_node` (simple form, `kind` CLASSIC_PREVIEW), or the legacy
 * shape — no workers, no autoscale, custom tag `ResourceClass` = `SingleNode`
 * (https://docs.databricks.com/api/workspace/clusters/create, `is_single_node` and `num_workers`).
 */
export function isSingleNode(info: ClusterInfo): boolean {
  if (info.is_single_node) return true;
  return (
    (info.num_workers ?? 0) === 0 && info.autoscale === undefined && info.custom_tags.ResourceClass === 'SingleNode'
  );
}

export function jobConfigOf(info: JobInfo): Pick<JobResource, 'config' | 'tags'> {
  return {
    tags: info.settings.tags,
    config: {
      name: info.settings.name,
      timeout_seconds: info.settings.timeout_seconds,
      ...(info.settings.max_concurrent_runs === undefined
        ? {}
        : { max_concurrent_runs: info.settings.max_concurrent_runs }),
      ...(info.settings.schedule === undefined ? {} : { schedule: info.settings.schedule }),
      ...(info.settings.continuous === undefined ? {} : { continuous: info.settings.continuous }),
      ...(info.settings.trigger === undefined ? {} : { trigger: info.settings.trigger }),
      ...(info.settings.performance_target === undefined
        ? {}
        : { performance_target: info.settings.performance_target }),
      ...(info.settings.job_clusters.length === 0 ? {} : { job_clusters: info.settings.job_clusters }),
      health_rules: info.settings.health?.rules ?? [],
      tasks: info.settings.tasks.map(
        (t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as typeof t,
      ),
    },
  };
}

/**
 * A pipeline's allowlisted spec (https://docs.databricks.com/api/workspace/pipelines/get) → snapshot `config` and
 * `tags` (spec `tags`). The pipeline-level `state` comes from the pipeline, not its spec.
 */
export function pipelineConfigOf(info: PipelineInfo): Pick<PipelineResource, 'config' | 'tags'> {
  const spec = info.spec;
  const cron = spec.trigger?.cron?.quartz_cron_schedule;
  return {
    tags: spec.tags,
    config: {
      development: spec.development,
      continuous: spec.continuous,
      serverless: spec.serverless,
      ...(spec.edition === undefined ? {} : { edition: spec.edition }),
      ...(spec.photon === undefined ? {} : { photon: spec.photon }),
      ...(spec.channel === undefined ? {} : { channel: spec.channel }),
      ...(spec.catalog === undefined ? {} : { catalog: spec.catalog }),
      ...(spec.target === undefined ? {} : { target: spec.target }),
      ...(cron === undefined || cron === '' ? {} : { trigger_cron: cron }),
      clusters: spec.clusters.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined))),
      ...(info.state === undefined ? {} : { state: info.state }),
    },
  };
}
