import type { FakeWorkspaceServer } from './fake-workspace-server.ts';
import { ACCOUNT_ID, liveWindow, WORKSPACE_ID } from './seed-workspace.ts';

/** The development pipeline on a daily job schedule (pipeline-development-mode-scheduled fires on it). */
export const DEV_PIPELINE_ID = '7d1c0a2b-1111-4e6f-9a0b-0000000000d1';
/** The same pipeline shape in production mode: a decoy no pipeline rule fires on. */
export const PROD_PIPELINE_ID = '7d1c0a2b-2222-4e6f-9a0b-0000000000p1';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const DLT_SKU = 'PREMIUM_DLT_ADVANCED_COMPUTE';

/** Each daily update runs 02:00–03:15 UTC: 1.25 hours, in two rows of the update timeline (02:00–03:00, 03:00–03:15). */
export const UPDATE_HOURS_PER_DAY = 1.25;

/**
 * Two triggered ADVANCED pipelines updated every day of the window at 02:00 by a job pipeline task (update cause
 * JOB_TASK, https://docs.databricks.com/api/workspace/pipelines/listupdates), each billed 3 hours a day under
 * `usage_metadata.dlt_pipeline_id` (https://docs.databricks.com/aws/en/admin/system-tables/billing): one still in
 * development mode (`spec.development`, https://docs.databricks.com/api/workspace/pipelines/get), one in production.
 * Their specs carry `libraries` and `configuration` values that the collector must drop. Each update is in
 * system.lakeflow.pipeline_update_timeline (https://www.databricks.com/devhub/docs/lakehouse/pipelines) as two
 * periods, the result state on the last one; the three updates before the window are there too (not counted).
 */
export async function seedPipelines(ws: FakeWorkspaceServer, now: Date): Promise<void> {
  const { startMs } = liveWindow(now);
  const usage: Record<string, unknown>[] = [];
  const timeline: Record<string, unknown>[] = [];
  for (const [id, development] of [
    [DEV_PIPELINE_ID, true],
    [PROD_PIPELINE_ID, false],
  ] as const) {
    ws.rest.pipelines.set(id, {
      pipeline_id: id,
      name: development ? 'orders-ingest-dev' : 'orders-ingest',
      state: 'IDLE',
      creator_user_name: 'bo@example.com',
      run_as_user_name: 'bo@example.com',
      spec: {
        id,
        development,
        edition: 'ADVANCED',
        catalog: 'main',
        target: 'orders',
        clusters: [{ label: 'default', num_workers: 2 }],
        libraries: [{ notebook: { path: '/Users/bo@example.com/secret-notebook' } }],
        configuration: { 'orders.apiKey': 'secret-pipeline-config' },
        tags: { team: 'orders', owner: 'bo@example.com', cost_center: 'cc-7' },
      },
    });
    const updates: Record<string, unknown>[] = [];
    for (let day = -3; day < 30; day++) {
      const updateId = `${id.slice(-2)}-u${day}`;
      const begin = startMs + day * DAY + 2 * HOUR;
      updates.push({
        pipeline_id: id,
        update_id: updateId,
        creation_time: begin,
        cause: 'JOB_TASK',
        state: 'COMPLETED',
      });
      timeline.push(
        {
          pipeline_id: id,
          update_id: updateId,
          period_start_time: new Date(begin),
          period_end_time: new Date(begin + HOUR),
          result_state: null,
        },
        {
          pipeline_id: id,
          update_id: updateId,
          period_start_time: new Date(begin + HOUR),
          period_end_time: new Date(begin + UPDATE_HOURS_PER_DAY * HOUR),
          result_state: 'COMPLETED',
        },
      );
      if (day < 0) continue;
      for (let h = 2; h < 5; h++) {
        const start = startMs + day * DAY + h * HOUR;
        usage.push({
          record_id: `dlt-${id.slice(-2)}-${day}-${h}`,
          account_id: ACCOUNT_ID,
          workspace_id: WORKSPACE_ID,
          sku_name: DLT_SKU,
          cloud: 'AWS',
          usage_start_time: new Date(start),
          usage_end_time: new Date(start + HOUR),
          usage_date: new Date(start).toISOString().slice(0, 10),
          custom_tags: {},
          usage_unit: 'DBU',
          usage_quantity: '4',
          usage_metadata: { dlt_pipeline_id: id, dlt_update_id: `${id.slice(-2)}-u${day}` },
          identity_metadata: { run_as: 'bo@example.com' },
          record_type: 'ORIGINAL',
          ingestion_date: new Date(start).toISOString().slice(0, 10),
          billing_origin_product: 'DLT',
          product_features: { dlt_tier: 'ADVANCED', is_serverless: false, is_photon: false },
          usage_type: 'COMPUTE_TIME',
        });
      }
    }
    ws.rest.pipelineUpdates.set(id, updates);
  }
  await ws.engine.insert('billing.usage', usage);
  await ws.engine.insert('lakeflow.pipeline_update_timeline', timeline);
  // The public AWS list price of DLT Advanced on Premium (https://www.databricks.com/product/pricing/lakeflow-declarative-pipelines).
  await ws.engine.insert('billing.list_prices', [
    {
      account_id: ACCOUNT_ID,
      price_start_time: new Date('2024-01-01T00:00:00Z'),
      price_end_time: null,
      sku_name: DLT_SKU,
      cloud: 'AWS',
      currency_code: 'USD',
      usage_unit: 'DBU',
      pricing: { default: '0.36', promotional: { default: null }, effective_list: { default: '0.36' } },
    },
  ]);
}
