import type { FakeWorkspaceServer } from './fake-workspace-server.ts';
import { ACCOUNT_ID, liveWindow, WORKSPACE_ID } from './seed-workspace.ts';

/** A continuous production pipeline whose flows wrote rows in only {@link IDLE_ACTIVE_HOURS} of its billed hours. */
export const IDLE_CONTINUOUS_PIPELINE_ID = '7d1c0a2b-5555-4e6f-9a0b-0000000000c1';
/** A continuous production pipeline whose flows wrote rows every billed hour: a decoy. */
export const BUSY_CONTINUOUS_PIPELINE_ID = '7d1c0a2b-6666-4e6f-9a0b-0000000000c2';
/** Days at the end of the window both pipelines ran, billed every hour: 8 × 24 = 192 billed hours (≥ 168). */
export const CONTINUOUS_DAYS = 8;
/** Hours with rows written by the idle pipeline (one a day at 06:00 on the first 6 days), 100 rows each. */
export const IDLE_ACTIVE_HOURS = 6;
/** Rows the busy pipeline writes per hour (in two flow_progress events of 250). */
export const BUSY_ROWS_PER_HOUR = 500;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const DLT_SKU = 'PREMIUM_DLT_ADVANCED_COMPUTE';

/**
 * Two continuous ADVANCED pipelines (`spec.continuous`, https://docs.databricks.com/api/workspace/pipelines/get)
 * billed 1 DBU every hour of the last {@link CONTINUOUS_DAYS} days of the window under
 * `usage_metadata.dlt_pipeline_id`, with flow_progress events in the Beta
 * system.lakeflow_pipeline_events_preview.pipeline_events (https://docs.databricks.com/aws/en/admin/system-tables/pipeline-events):
 * the idle one reports `num_output_rows` 0 every hour but {@link IDLE_ACTIVE_HOURS}; the busy one writes rows every
 * hour. Each also has a non-progress event (update_progress) and a flow_progress event without metrics, which count
 * nothing. Call after seedPipelines (which inserts the DLT list price).
 */
export async function seedContinuousPipelines(ws: FakeWorkspaceServer, now: Date): Promise<void> {
  const firstMs = liveWindow(now).endMs - CONTINUOUS_DAYS * DAY;
  const usage: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  for (const [id, busy] of [
    [IDLE_CONTINUOUS_PIPELINE_ID, false],
    [BUSY_CONTINUOUS_PIPELINE_ID, true],
  ] as const) {
    ws.rest.pipelines.set(id, {
      pipeline_id: id,
      name: busy ? 'clicks-stream' : 'rare-events-stream',
      state: 'RUNNING',
      creator_user_name: 'al@example.com',
      run_as_user_name: 'al@example.com',
      spec: { id, continuous: true, development: false, edition: 'ADVANCED', clusters: [{ label: 'default' }] },
    });
    ws.rest.pipelineUpdates.set(id, []);
    const update = `${id.slice(-2)}-u0`;
    const event = (n: number, at: number, type: string, details: unknown) => ({
      account_id: ACCOUNT_ID,
      workspace_id: WORKSPACE_ID,
      pipeline_id: id,
      update_id: update,
      pipeline_event_id: `${id.slice(-2)}-e${n}`,
      event_type: type,
      origin: { flow_name: busy ? 'clicks' : 'rare_events' },
      message: 'Flow has made progress.',
      level: type === 'flow_progress' ? 'METRICS' : 'INFO',
      maturity_level: 'STABLE',
      error: null,
      details: JSON.stringify(details),
      event_time: new Date(at),
    });
    events.push(
      event(-1, firstMs + 60_000, 'update_progress', { update_progress: { state: 'RUNNING' } }),
      event(-2, firstMs + 120_000, 'flow_progress', { flow_progress: { status: 'STARTING' } }),
    );
    for (let h = 0; h < CONTINUOUS_DAYS * 24; h++) {
      const start = firstMs + h * HOUR;
      usage.push({
        record_id: `dlt-${id.slice(-2)}-${h}`,
        account_id: ACCOUNT_ID,
        workspace_id: WORKSPACE_ID,
        sku_name: DLT_SKU,
        cloud: 'AWS',
        usage_start_time: new Date(start),
        usage_end_time: new Date(start + HOUR),
        usage_date: new Date(start).toISOString().slice(0, 10),
        custom_tags: {},
        usage_unit: 'DBU',
        usage_quantity: '1',
        usage_metadata: { dlt_pipeline_id: id, dlt_update_id: update },
        identity_metadata: { run_as: 'al@example.com' },
        record_type: 'ORIGINAL',
        ingestion_date: new Date(start).toISOString().slice(0, 10),
        billing_origin_product: 'DLT',
        product_features: { dlt_tier: 'ADVANCED', is_serverless: false, is_photon: false },
        usage_type: 'COMPUTE_TIME',
      });
      const idleActive = h % 24 === 6 && h / 24 < IDLE_ACTIVE_HOURS;
      const rows = busy ? BUSY_ROWS_PER_HOUR / 2 : idleActive ? 100 : 0;
      const metrics = { flow_progress: { status: 'RUNNING', metrics: { num_output_rows: rows } } };
      events.push(event(2 * h, start + 10 * 60_000, 'flow_progress', metrics));
      if (busy) events.push(event(2 * h + 1, start + 40 * 60_000, 'flow_progress', metrics));
    }
  }
  await ws.engine.insert('billing.usage', usage);
  await ws.engine.insert('lakeflow_pipeline_events_preview.pipeline_events', events);
}
