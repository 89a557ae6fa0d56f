import { readFileSync } from 'node:fs';
import { IDLE_WAREHOUSE_ID, idleWarehouse } from '../fake-databricks-workspace.ts';
import type { FakeWorkspaceServer } from './fake-workspace-server.ts';

export const WORKSPACE_ID = '1234567890123456';
export const ACCOUNT_ID = 'acc-0f1e2d3c';
/** The serverless warehouse lakewarden queries through (DATABRICKS_WAREHOUSE_ID). */
export const SCAN_WAREHOUSE_ID = 'wh-scan-0001';
export { IDLE_WAREHOUSE_ID };

const DAY = 86_400_000;
const SKU = 'PREMIUM_SQL_PRO_COMPUTE_US_WEST_OREGON';

/** The window a live collection at `now` covers (30 days ending two days before now, as live-collection.ts). */
export function liveWindow(now: Date): { startMs: number; endMs: number } {
  const end = Date.parse(`${new Date(now.getTime() - 2 * DAY).toISOString().slice(0, 10)}T00:00:00Z`) + DAY;
  return { startMs: end - 30 * DAY, endMs: end };
}

/**
 * One workspace as a platform team has it, in REST and in the system tables alike, for a live collection at `now`:
 * - `payments-sql` (IDLE_WAREHOUSE_ID, Medium pro, `auto_stop_mins` 0): started 45 days before the window and never
 *   stopped (no event in the window); statements every morning for the first 20 days, none since — the idle tail a shorter auto-stop ends;
 *   576 DBU a day (24 DBU/h) billed on the PRO SQL SKU;
 * - `lakewarden-scan` (SCAN_WAREHOUSE_ID, serverless 2X-Small, auto-stop 10): the warehouse collection runs on;
 * - list prices from test/fixtures/databricks/list-prices-rows.json.
 */
export async function seedWorkspace(ws: FakeWorkspaceServer, now: Date): Promise<void> {
  const { startMs } = liveWindow(now);
  ws.rest.warehouses.set(IDLE_WAREHOUSE_ID, { ...idleWarehouse(), creator_name: 'ana@example.com' });
  ws.rest.warehouses.set(SCAN_WAREHOUSE_ID, {
    id: SCAN_WAREHOUSE_ID,
    name: 'lakewarden-scan',
    cluster_size: '2X-Small',
    min_num_clusters: 1,
    max_num_clusters: 1,
    auto_stop_mins: 10,
    warehouse_type: 'PRO',
    enable_serverless_compute: true,
    state: 'RUNNING',
  });

  const prices = JSON.parse(
    readFileSync(new URL('../../fixtures/databricks/list-prices-rows.json', import.meta.url), 'utf8'),
  ) as Array<Record<string, unknown>>;
  await ws.engine.insert(
    'billing.list_prices',
    prices.map((p) => ({
      ...p,
      price_start_time: new Date(String(p.price_start_time)),
      price_end_time: p.price_end_time === null ? null : new Date(String(p.price_end_time)),
    })),
  );

  const changed = new Date(startMs - 60 * DAY);
  await ws.engine.insert('compute.warehouses', [
    {
      account_id: ACCOUNT_ID,
      workspace_id: WORKSPACE_ID,
      warehouse_id: IDLE_WAREHOUSE_ID,
      warehouse_name: 'payments-sql',
      warehouse_type: 'PRO',
      warehouse_channel: 'CURRENT',
      warehouse_size: 'MEDIUM',
      min_clusters: 1,
      max_clusters: 2,
      auto_stop_minutes: 0,
      tags: { team: 'payments' },
      change_time: changed,
      delete_time: null,
    },
    {
      account_id: ACCOUNT_ID,
      workspace_id: WORKSPACE_ID,
      warehouse_id: SCAN_WAREHOUSE_ID,
      warehouse_name: 'lakewarden-scan',
      warehouse_type: 'SERVERLESS',
      warehouse_channel: 'CURRENT',
      warehouse_size: '2X_SMALL',
      min_clusters: 1,
      max_clusters: 1,
      auto_stop_minutes: 10,
      tags: {},
      change_time: changed,
      delete_time: null,
    },
  ]);
  await ws.engine.insert('compute.warehouse_events', [
    {
      account_id: ACCOUNT_ID,
      workspace_id: WORKSPACE_ID,
      warehouse_id: IDLE_WAREHOUSE_ID,
      event_type: 'RUNNING',
      cluster_count: 1,
      event_time: new Date(startMs - 45 * DAY),
    },
  ]);

  const usage: Record<string, unknown>[] = [];
  const queries: Record<string, unknown>[] = [];
  for (let day = 0; day < 30; day++) {
    const dayStart = startMs + day * DAY;
    const date = new Date(dayStart).toISOString().slice(0, 10);
    usage.push({
      record_id: `rec-${day}`,
      account_id: ACCOUNT_ID,
      workspace_id: WORKSPACE_ID,
      sku_name: SKU,
      cloud: 'AWS',
      usage_start_time: new Date(dayStart),
      usage_end_time: new Date(dayStart + DAY),
      usage_date: date,
      custom_tags: { team: 'payments' },
      usage_unit: 'DBU',
      usage_quantity: '576',
      usage_metadata: { warehouse_id: IDLE_WAREHOUSE_ID },
      identity_metadata: { owned_by: 'ana@example.com' },
      record_type: 'ORIGINAL',
      ingestion_date: date,
      billing_origin_product: 'SQL',
      product_features: { sql_tier: 'PRO', is_serverless: false, is_photon: true },
      usage_type: 'COMPUTE_TIME',
    });
    if (day >= 20) continue;
    for (let n = 0; n < 3; n++) {
      const start = dayStart + 9 * 3_600_000 + n * 300_000;
      queries.push({
        account_id: ACCOUNT_ID,
        workspace_id: WORKSPACE_ID,
        statement_id: `st-${day}-${n}`,
        execution_status: 'FINISHED',
        compute: { type: 'WAREHOUSE', warehouse_id: IDLE_WAREHOUSE_ID },
        statement_type: 'SELECT',
        total_duration_ms: 60_000,
        waiting_at_capacity_duration_ms: 0,
        total_task_duration_ms: 120_000,
        spilled_local_bytes: 0,
        start_time: new Date(start),
        end_time: new Date(start + 60_000),
      });
    }
  }
  await ws.engine.insert('billing.usage', usage);
  await ws.engine.insert('query.history', queries);
}
