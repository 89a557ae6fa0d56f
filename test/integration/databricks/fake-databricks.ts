import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { MetadataBoundaryError } from '../../../src/databricks/errors.ts';
import { createWorkspaceReader } from '../../../src/databricks/rest/create-workspace-reader.ts';
import type { SqlRow, SqlRunner } from '../../../src/databricks/sql/sql-runner.ts';
import { STATEMENTS } from '../../../src/databricks/sql/statements.ts';
import type { Workspace } from '../../../src/snapshot/schema.ts';

export const HOST = 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com';
export const WS = '1234567890123456';
export const WORKSPACE: Workspace = { id: WS, name: 'prod', host: HOST, cloud: 'AWS', region: 'us-west-2' };

export const fixture = <T extends object = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/databricks/${name}`, import.meta.url), 'utf8')) as T;

/** A REST reader on HOST with a PAT, no real sleeping, deterministic jitter. */
export function patReader(sleeps: number[] = []) {
  return createWorkspaceReader({
    host: HOST,
    auth: createPatTokenProvider('dapi-test'),
    version: '0.1.0',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
}

/** A fake SqlRunner that serves driver-shaped rows per registered statement and refuses unknown names. */
export function fakeSqlRunner(rows: Partial<Record<string, SqlRow[]>>, calls: string[] = []): SqlRunner {
  return {
    async run(name, _params, onRow) {
      if (!STATEMENTS.has(name)) throw new MetadataBoundaryError(`statement "${name}" is not in the registry`);
      calls.push(name);
      const out = rows[name] ?? [];
      for (const row of out) await onRow(row);
      return out.length;
    },
  };
}

const d = (iso: string) => new Date(iso);
const day = (n: number) => `2026-09-${String(n).padStart(2, '0')}`;
const DAYS = Array.from({ length: 30 }, (_, i) => i + 1);

/**
 * Driver-shaped rows (strings for ids, DECIMAL as decimal strings, BIGINT as bigint, Date timestamps, NULL
 * before cut-over) for a 30-day window ending 2026-09-30, with planted problems:
 * - warehouse ec58ee3772e8d305 (auto_stop 120): 2.5 h idle tail per day;
 * - cluster 0123-456789-abcdefgh (UI, autotermination 0): running 24 h/day at ~3 % CPU;
 * - job 101: tasks on that all-purpose cluster, one runaway run, the last 3 runs failed.
 */
export function plantedRows(): Record<string, SqlRow[]> {
  const prices = fixture<Record<string, unknown>[]>('list-prices-rows.json')
    .filter((r) => r.price_end_time === null)
    .map((r) => ({
      account_id: r.account_id,
      sku_name: r.sku_name,
      cloud: r.cloud,
      usage_unit: r.usage_unit,
      currency_code: r.currency_code,
      usd_per_unit: (r.pricing as { effective_list: { default: string } }).effective_list.default,
    }));
  const usage: SqlRow[] = [];
  for (const n of DAYS) {
    const base = { workspace_id: WS, usage_date: day(n) };
    usage.push({
      ...base,
      warehouse_id: 'ec58ee3772e8d305',
      cluster_id: null,
      job_id: null,
      dbus: '72.000000000000000000',
      list_cost_usd: '36.000000000000000000',
    });
    usage.push({
      ...base,
      warehouse_id: null,
      cluster_id: '0123-456789-abcdefgh',
      job_id: null,
      dbus: '48.000000000000000000',
      list_cost_usd: '26.400000000000000000',
    });
    usage.push({
      ...base,
      warehouse_id: null,
      cluster_id: `0920-0200${n}-jobclust`,
      job_id: '101',
      dbus: '10.000000000000000000',
      list_cost_usd: '1.500000000000000000',
    });
  }
  const queryHours: SqlRow[] = [];
  const events: SqlRow[] = [];
  for (const n of DAYS) {
    queryHours.push({
      workspace_id: WS,
      warehouse_id: 'ec58ee3772e8d305',
      hour_start: d(`${day(n)}T08:00:00Z`),
      query_count: 40n,
      last_end_time: d(`${day(n)}T08:30:00Z`),
      queued_count: 0n,
    });
    events.push({
      workspace_id: WS,
      warehouse_id: 'ec58ee3772e8d305',
      event_type: 'STARTING',
      cluster_count: 1,
      event_time: d(`${day(n)}T08:00:00Z`),
    });
    events.push({
      workspace_id: WS,
      warehouse_id: 'ec58ee3772e8d305',
      event_type: 'STOPPING',
      cluster_count: 0,
      event_time: d(`${day(n)}T11:00:00Z`),
    });
  }
  const runs: SqlRow[] = DAYS.map((n) => ({
    workspace_id: WS,
    job_id: '101',
    run_id: String(880000 + n),
    run_start: d(`${day(n)}T02:00:00Z`),
    run_end: d(`${day(n)}T02:30:00Z`),
    run_seconds: n === 10 ? 18000n : 1800n,
    result_state: n >= 28 ? 'FAILED' : 'SUCCEEDED',
  }));
  const nodeHours: SqlRow[] = [];
  const taskHours: SqlRow[] = [];
  for (const n of DAYS) {
    taskHours.push({ workspace_id: WS, cluster_id: '0123-456789-abcdefgh', hour_start: d(`${day(n)}T02:00:00Z`) });
    for (let h = 0; h < 24; h++) {
      nodeHours.push({
        workspace_id: WS,
        cluster_id: '0123-456789-abcdefgh',
        hour_start: d(`${day(n)}T${String(h).padStart(2, '0')}:00:00Z`),
        avg_cpu_pct: h === 2 ? 60 : 3,
        max_mem_pct: 45.5,
        node_minutes: 180n,
        driver_minutes: 60n,
      });
    }
  }
  return {
    'list-prices-current': prices,
    'usage-by-resource-day': usage,
    'usage-by-job-run': [
      { workspace_id: WS, job_id: '101', job_run_id: '880012', dbus: '20.0', list_cost_usd: '3.000000000000000000' },
      { workspace_id: WS, job_id: '101', job_run_id: '880013', dbus: '30.0', list_cost_usd: '4.500000000000000000' },
      { workspace_id: WS, job_id: '101', job_run_id: '880029', dbus: '10.0', list_cost_usd: '1.500000000000000000' },
    ],
    'clusters-latest': [
      {
        workspace_id: WS,
        cluster_id: '0123-456789-abcdefgh',
        cluster_name: 'analyst-interactive',
        owned_by: 'dana.owner@example.com',
        cluster_source: 'UI',
        dbr_version: '15.4.x-scala2.12',
        auto_termination_minutes: 0n,
      },
    ],
    'warehouses-latest': [
      {
        workspace_id: WS,
        warehouse_id: 'ec58ee3772e8d305',
        warehouse_name: 'bi-warehouse',
        warehouse_type: 'PRO',
        warehouse_size: 'MEDIUM',
        min_clusters: 1,
        max_clusters: 4,
        auto_stop_minutes: 120,
      },
    ],
    'jobs-latest': [
      {
        workspace_id: WS,
        job_id: '101',
        name: 'nightly-etl',
        run_as_user_name: null,
        creator_user_name: null,
        timeout_seconds: null,
        paused: null,
      },
    ],
    'warehouse-query-hours': queryHours,
    'warehouse-events': events,
    'warehouse-query-stats': [
      {
        workspace_id: WS,
        warehouse_id: 'ec58ee3772e8d305',
        query_date: null,
        query_count: 1200n,
        failed_count: 3n,
        spill_count: 0n,
        spilled_bytes: 0n,
        queued_count: 0n,
        p95_queue_ms: 0n,
        p95_duration_ms: 4000n,
        total_task_ms: 86400000n,
      },
    ],
    'job-runs': runs,
    'job-task-compute': [
      { workspace_id: WS, job_id: '101', compute_id: '0123-456789-abcdefgh', task_runs: 30n, task_seconds: 54000n },
      { workspace_id: WS, job_id: '101', compute_id: '0920-020001-jobclust', task_runs: 30n, task_seconds: 54000n },
    ],
    'cluster-task-hours': taskHours,
    'cluster-node-hours': nodeHours,
    'usage-by-pipeline-hour': pipelineHours(),
  };
}

/** The planted development pipeline on a daily job schedule, and two healthy decoys (PIPELINES). */
export const PIPELINE_IDS = {
  devScheduled: '0a1b2c3d-0000-4000-8000-00000000dev1',
  prodScheduled: '0a1b2c3d-0000-4000-8000-0000000prod1',
  continuous: '0a1b2c3d-0000-4000-8000-00000000cont1',
} as const;

/**
 * `usage-by-pipeline-hour` rows: the two scheduled pipelines billed 02:00–05:00 every day (3 h × 5 DBU at
 * 0.30 USD/DBU); the continuous one billed every hour of the window; one RETRACTION-netted hour (+5, −5) of the
 * development pipeline that must not count as billed.
 */
function pipelineHours(): SqlRow[] {
  const rows: SqlRow[] = [];
  const row = (id: string, at: string, dbus: string, usd: string) => ({
    workspace_id: WS,
    pipeline_id: id,
    usage_hour: d(at),
    dbus,
    list_cost_usd: usd,
  });
  for (const n of DAYS) {
    for (const h of ['02', '03', '04']) {
      rows.push(
        row(PIPELINE_IDS.devScheduled, `${day(n)}T${h}:00:00Z`, '5.000000000000000000', '1.500000000000000000'),
      );
      rows.push(
        row(PIPELINE_IDS.prodScheduled, `${day(n)}T${h}:00:00Z`, '5.000000000000000000', '1.500000000000000000'),
      );
    }
    for (let h = 0; h < 24; h++) {
      const at = `${day(n)}T${String(h).padStart(2, '0')}:00:00Z`;
      rows.push(row(PIPELINE_IDS.continuous, at, '4.000000000000000000', '1.200000000000000000'));
    }
  }
  rows.push(row(PIPELINE_IDS.devScheduled, `${day(5)}T12:00:00Z`, '5.000000000000000000', '1.500000000000000000'));
  rows.push(row(PIPELINE_IDS.devScheduled, `${day(5)}T12:00:00Z`, '-5.000000000000000000', '-1.500000000000000000'));
  return rows;
}

/**
 * The pipelines as GET /api/2.0/pipelines/{id} returns them (https://docs.databricks.com/api/workspace/pipelines/get),
 * with Class C fields (`libraries`, `configuration`, `notifications`) the allowlist must drop.
 */
export function pipelineBodies(): Record<string, Record<string, unknown>> {
  const spec = (id: string, name: string, extra: Record<string, unknown>) => ({
    id,
    name,
    edition: 'ADVANCED',
    channel: 'CURRENT',
    catalog: 'main',
    target: 'sales_silver',
    photon: true,
    clusters: [{ label: 'default', autoscale: { min_workers: 1, max_workers: 4, mode: 'ENHANCED' } }],
    libraries: [{ notebook: { path: '/Repos/secret-team/ingest-notebook' } }],
    configuration: { 'pipelines.secretSetting': 'secret-config-value-123' },
    notifications: [{ email_recipients: ['oncall@example.com'], alerts: ['on-update-failure'] }],
    tags: { team: 'sales' },
    ...extra,
  });
  return {
    [PIPELINE_IDS.devScheduled]: {
      pipeline_id: PIPELINE_IDS.devScheduled,
      name: 'sales-ingest',
      state: 'IDLE',
      creator_user_name: 'erin@example.com',
      run_as_user_name: 'svc-sales@example.com',
      spec: spec(PIPELINE_IDS.devScheduled, 'sales-ingest', { development: true }),
    },
    [PIPELINE_IDS.prodScheduled]: {
      pipeline_id: PIPELINE_IDS.prodScheduled,
      name: 'sales-daily',
      state: 'IDLE',
      creator_user_name: 'erin@example.com',
      spec: spec(PIPELINE_IDS.prodScheduled, 'sales-daily', {}),
    },
    [PIPELINE_IDS.continuous]: {
      pipeline_id: PIPELINE_IDS.continuous,
      name: 'sales-stream',
      state: 'RUNNING',
      creator_user_name: 'erin@example.com',
      spec: spec(PIPELINE_IDS.continuous, 'sales-stream', { continuous: true }),
    },
  };
}

/** Daily JOB_TASK updates at 02:00 over August (before the window) and September, newest first. */
function pipelineUpdates(id: string): Array<Record<string, unknown>> {
  if (id === PIPELINE_IDS.continuous)
    return [
      {
        update_id: 'u-cont',
        creation_time: Date.parse('2026-08-20T00:00:00Z'),
        cause: 'USER_ACTION',
        state: 'RUNNING',
      },
    ];
  const update = (n: string, at: string) => ({
    update_id: `u-${id.slice(-4)}-${n}`,
    creation_time: Date.parse(at),
    cause: 'JOB_TASK',
    state: 'COMPLETED',
    config: { configuration: { 'pipelines.secretSetting': 'secret-config-value-123' } },
  });
  const september = DAYS.map((n) => update(String(n), `${day(n)}T02:00:00Z`));
  const august = DAYS.map((n) => update(`aug-${n}`, `2026-08-${String(n).padStart(2, '0')}T02:00:00Z`));
  return [...september, ...august].sort((a, b) => b.creation_time - a.creation_time);
}

/** msw handlers for HOST serving the REST fixtures (clusters/runs/events paged, jobs/get paged tasks). */
export function restHandlers(seen: {
  clusterSources?: string | null | undefined;
  eventPages: number;
  jobGetPages: number;
  pipelineUpdatePages?: number;
}) {
  const cluster = fixture('clusters-list-page.json');
  const job = fixture<{ settings: { tasks: unknown[] } }>('job-get.json');
  const [firstTask, secondTask] = job.settings.tasks;
  return [
    http.get(`${HOST}/api/2.0/sql/warehouses`, () => HttpResponse.json(fixture('warehouses-list.json'))),
    http.get(`${HOST}/api/2.1/clusters/list`, ({ request }) => {
      const url = new URL(request.url);
      seen.clusterSources = url.searchParams.get('filter_by.cluster_sources');
      return HttpResponse.json(url.searchParams.get('page_token') === null ? cluster : { clusters: [] });
    }),
    http.post(`${HOST}/api/2.1/clusters/events`, async ({ request }) => {
      const body = (await request.json()) as { cluster_id: string; page_token?: string };
      seen.eventPages++;
      if (body.cluster_id !== '0123-456789-abcdefgh' || body.page_token !== undefined)
        return HttpResponse.json({ events: [] });
      return HttpResponse.json(fixture('clusters-events-page.json'));
    }),
    http.get(`${HOST}/api/2.2/jobs/list`, () =>
      HttpResponse.json({
        jobs: [{ ...job, settings: { ...job.settings, tasks: [firstTask] }, has_more: true }],
        has_more: false,
      }),
    ),
    http.get(`${HOST}/api/2.2/jobs/get`, ({ request }) => {
      seen.jobGetPages++;
      const token = new URL(request.url).searchParams.get('page_token');
      if (token === null) {
        return HttpResponse.json({
          ...job,
          settings: { ...job.settings, tasks: [firstTask] },
          has_more: true,
          next_page_token: 'tasks-2',
        });
      }
      return HttpResponse.json({
        ...job,
        settings: { ...job.settings, tasks: [secondTask], job_clusters: [] },
        has_more: false,
      });
    }),
    // Pipelines list in two pages (listpipelines: `statuses`, `next_page_token`).
    http.get(`${HOST}/api/2.0/pipelines`, ({ request }) => {
      const ids = Object.keys(pipelineBodies());
      const second = new URL(request.url).searchParams.get('page_token') === 'p2';
      const listed = second ? ids.slice(2) : ids.slice(0, 2);
      return HttpResponse.json({
        statuses: listed.map((pipeline_id) => ({ pipeline_id, name: pipelineBodies()[pipeline_id]?.name })),
        ...(second ? {} : { next_page_token: 'p2' }),
      });
    }),
    // Updates newest first, 20 per page (listupdates: `updates`, `next_page_token`).
    http.get(`${HOST}/api/2.0/pipelines/:id/updates`, ({ request, params }) => {
      const all = pipelineUpdates(String(params.id));
      const offset = Number(new URL(request.url).searchParams.get('page_token') ?? 0);
      seen.pipelineUpdatePages = (seen.pipelineUpdatePages ?? 0) + 1;
      return HttpResponse.json({
        updates: all.slice(offset, offset + 20),
        ...(offset + 20 < all.length ? { next_page_token: String(offset + 20) } : {}),
      });
    }),
    http.get(`${HOST}/api/2.0/pipelines/:id`, ({ params }) => {
      const found = pipelineBodies()[String(params.id)];
      return found === undefined
        ? HttpResponse.json({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such pipeline' }, { status: 404 })
        : HttpResponse.json(found);
    }),
    http.get(`${HOST}/api/2.2/jobs/runs/list`, ({ request }) =>
      HttpResponse.json(
        new URL(request.url).searchParams.get('page_token') === null
          ? fixture('jobs-runs-list-page.json')
          : { runs: [], has_more: false },
      ),
    ),
  ];
}
