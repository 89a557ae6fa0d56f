import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { connectDatabricksSql, createDatabricksSqlRunner } from '../../../src/databricks/sql/databricks-sql-runner.ts';
import {
  type FakeWorkspaceServer,
  startFakeWorkspaceServer,
} from '../../support/fake-databricks-sql/fake-workspace-server.ts';
import { server } from '../../support/msw.ts';

let ws: FakeWorkspaceServer;
beforeAll(async () => {
  ws = await startFakeWorkspaceServer();
});
afterAll(async () => ws.close());
beforeEach(() => server.use(ws.passthrough));

it('smoke', async () => {
  ws.rest.warehouses.set('wh1', { id: 'wh1', name: 'x', state: 'RUNNING' });
  await ws.engine.insert('billing.list_prices', [
    {
      account_id: 'a',
      sku_name: 'S',
      cloud: 'AWS',
      currency_code: 'USD',
      usage_unit: 'DBU',
      price_start_time: new Date('2026-01-01T00:00:00Z'),
      price_end_time: null,
      pricing: { default: '0.5', promotional: { default: '0.4' }, effective_list: { default: '0.45' } },
    },
  ]);
  const c = await connectDatabricksSql({ host: ws.origin, warehouseId: 'wh1', auth: createPatTokenProvider(ws.token) });
  const rows: unknown[] = [];
  const n = await createDatabricksSqlRunner(c.openSession, { errorContext: c.errorContext }).run(
    'list-prices-current',
    {},
    (r) => {
      rows.push(r);
    },
  );
  await c.close();
  console.log(n, rows);
  expect(n).toBe(1);
});
