import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { collectSnapshot } from '../../../src/databricks/collect/collect-snapshot.ts';
import type { ClusterResource, JobResource, WarehouseResource } from '../../../src/snapshot/schema.ts';
import { server } from '../../support/msw.ts';
import { fakeSqlRunner, HOST, patReader, WORKSPACE } from './fake-databricks.ts';

/*
 * REST payloads constructed from the API reference (https://docs.databricks.com/api/workspace/jobs/get,
 * clusters/get, warehouses/get) the way Databricks sends them: empty and default-valued fields omitted.
 */
const WAREHOUSE = { id: 'wh-min', name: 'minimal', cluster_size: 'Small', state: 'STOPPED' };
const LEGACY_SINGLE_NODE = {
  cluster_id: '0202-000000-single01',
  cluster_name: 'ana-single',
  cluster_source: 'UI',
  spark_version: '15.4.x-scala2.12',
  node_type_id: 'i3.xlarge',
  custom_tags: { ResourceClass: 'SingleNode' },
  spark_conf: { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*, 4]' },
  data_security_mode: 'SINGLE_USER',
  policy_id: 'E0631F5C0D0004C2',
  state: 'TERMINATED',
};
const SIMPLE_SINGLE_NODE = {
  cluster_id: '0202-000000-single02',
  cluster_name: 'ben-single',
  cluster_source: 'API',
  spark_version: '16.4.x-scala2.12',
  kind: 'CLASSIC_PREVIEW',
  is_single_node: true,
  data_security_mode: 'DATA_SECURITY_MODE_DEDICATED',
  autotermination_minutes: 60,
};
const AUTOSCALING = {
  cluster_id: '0202-000000-scaling3',
  cluster_name: 'shared',
  cluster_source: 'UI',
  spark_version: '15.4.x-scala2.12',
  autoscale: { min_workers: 2, max_workers: 8 },
};
const CONTINUOUS_JOB = {
  job_id: 201,
  creator_user_name: 'dana.owner@example.com',
  settings: {
    name: 'orders-stream',
    continuous: { pause_status: 'UNPAUSED' },
    job_clusters: [
      {
        job_cluster_key: 'stream',
        new_cluster: {
          spark_version: '15.4.x-scala2.12',
          node_type_id: 'i3.xlarge',
          autoscale: { min_workers: 1, max_workers: 4 },
          spark_conf: { 'spark.secret': '{{secrets/scope/key}}' },
          init_scripts: [{ workspace: { destination: '/init.sh' } }],
          data_security_mode: 'SINGLE_USER',
          policy_id: 'P1',
        },
      },
    ],
    tasks: [{ task_key: 'stream', job_cluster_key: 'stream', notebook_task: { notebook_path: '/x' } }],
  },
};
const TRIGGERED_SERVERLESS_JOB = {
  job_id: 202,
  settings: {
    name: 'on-arrival',
    timeout_seconds: 3600,
    max_concurrent_runs: 3,
    performance_target: 'STANDARD',
    trigger: { file_arrival: { url: 's3://landing/orders/', min_time_between_triggers_seconds: 60 } },
    tasks: [
      {
        task_key: 'load',
        environment_key: 'default',
        max_retries: -1,
        min_retry_interval_millis: 60000,
        retry_on_timeout: true,
        timeout_seconds: 600,
      },
    ],
  },
};
const SCHEDULED_PAUSED_JOB = {
  job_id: 203,
  settings: {
    name: 'weekly',
    schedule: { quartz_cron_expression: '0 0 3 ? * MON', timezone_id: 'UTC', pause_status: 'PAUSED' },
    trigger: { pause_status: 'PAUSED', periodic: { interval: 2, unit: 'HOURS' } },
    tasks: [{ task_key: 'only', existing_cluster_id: AUTOSCALING.cluster_id }],
  },
};

async function collect() {
  server.use(
    http.get(`${HOST}/api/2.0/sql/warehouses`, () => HttpResponse.json({ warehouses: [WAREHOUSE] })),
    http.get(`${HOST}/api/2.1/clusters/list`, () =>
      HttpResponse.json({ clusters: [LEGACY_SINGLE_NODE, SIMPLE_SINGLE_NODE, AUTOSCALING] }),
    ),
    http.post(`${HOST}/api/2.1/clusters/events`, () => HttpResponse.json({})),
    http.get(`${HOST}/api/2.2/jobs/list`, () =>
      HttpResponse.json({ jobs: [CONTINUOUS_JOB, TRIGGERED_SERVERLESS_JOB, SCHEDULED_PAUSED_JOB] }),
    ),
    http.get(`${HOST}/api/2.2/jobs/runs/list`, () => HttpResponse.json({})),
    // No pipelines: `statuses` omitted, as REST omits empty fields.
    http.get(`${HOST}/api/2.0/pipelines`, () => HttpResponse.json({})),
  );
  return collectSnapshot({
    sql: fakeSqlRunner({}),
    rest: patReader().reader,
    workspaces: [WORKSPACE],
    window: { days: 30, end: '2026-09-30' },
    runtimeEndOfSupport: RulesSection.parse({}).runtimeEndOfSupport,
    onProgress: () => {},
  });
}

describe('snapshot fidelity: REST omits defaults, the snapshot keeps the shape rules need', () => {
  it('reads omitted warehouse fields as their documented defaults', async () => {
    const snapshot = await collect();
    const warehouse = snapshot.resources.find((r): r is WarehouseResource => r.kind === 'warehouse');
    expect(warehouse?.config).toMatchObject({
      cluster_size: 'Small',
      min_num_clusters: 1,
      max_num_clusters: 1,
      auto_stop_mins: 0,
      warehouse_type: 'CLASSIC',
      enable_serverless_compute: false,
      state: 'STOPPED',
    });
  });

  it('keeps data_security_mode, policy_id, cluster_source and the single-node shape of clusters', async () => {
    const snapshot = await collect();
    const clusters = new Map(
      snapshot.resources.filter((r): r is ClusterResource => r.kind === 'cluster').map((c) => [c.id, c.config]),
    );
    expect(clusters.get(LEGACY_SINGLE_NODE.cluster_id)).toMatchObject({
      cluster_source: 'UI',
      data_security_mode: 'SINGLE_USER',
      policy_id: 'E0631F5C0D0004C2',
      num_workers: 0,
      is_single_node: true,
      autotermination_minutes: 0,
    });
    expect(clusters.get(SIMPLE_SINGLE_NODE.cluster_id)).toMatchObject({
      cluster_source: 'API',
      kind: 'CLASSIC_PREVIEW',
      is_single_node: true,
      num_workers: 0,
      autotermination_minutes: 60,
    });
    const scaling = clusters.get(AUTOSCALING.cluster_id);
    expect(scaling).toMatchObject({ is_single_node: false, autoscale: { min_workers: 2, max_workers: 8 } });
    expect(scaling).not.toHaveProperty('num_workers');
    expect(JSON.stringify(snapshot)).not.toContain('singleNode');
  });

  it('keeps continuous, schedule, trigger, job_clusters, performance_target and task retries/timeouts with defaults', async () => {
    const snapshot = await collect();
    const jobs = new Map(
      snapshot.resources.filter((r): r is JobResource => r.kind === 'job').map((j) => [j.id, j.config]),
    );
    const stream = jobs.get('201');
    expect(stream).toMatchObject({
      timeout_seconds: 0,
      max_concurrent_runs: 1,
      continuous: { pause_status: 'UNPAUSED' },
      job_clusters: [
        {
          job_cluster_key: 'stream',
          new_cluster: {
            spark_version: '15.4.x-scala2.12',
            node_type_id: 'i3.xlarge',
            autoscale: { min_workers: 1, max_workers: 4 },
            data_security_mode: 'SINGLE_USER',
            policy_id: 'P1',
          },
        },
      ],
      tasks: [
        {
          task_key: 'stream',
          job_cluster_key: 'stream',
          max_retries: 0,
          min_retry_interval_millis: 0,
          retry_on_timeout: false,
          timeout_seconds: 0,
        },
      ],
    });
    expect(stream).not.toHaveProperty('schedule');
    expect(stream).not.toHaveProperty('trigger');

    expect(jobs.get('202')).toMatchObject({
      timeout_seconds: 3600,
      max_concurrent_runs: 3,
      performance_target: 'STANDARD',
      trigger: { pause_status: 'UNPAUSED', file_arrival: {} },
      tasks: [{ max_retries: -1, min_retry_interval_millis: 60000, retry_on_timeout: true, timeout_seconds: 600 }],
    });
    expect(jobs.get('203')).toMatchObject({
      schedule: { quartz_cron_expression: '0 0 3 ? * MON', timezone_id: 'UTC', pause_status: 'PAUSED' },
      trigger: { pause_status: 'PAUSED', periodic: { interval: 2, unit: 'HOURS' } },
    });
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('s3://landing');
    expect(text).not.toContain('secrets/scope');
    expect(text).not.toContain('/init.sh');
  });
});
