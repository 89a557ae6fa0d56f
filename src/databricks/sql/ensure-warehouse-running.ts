import { ExternalServiceError } from '../../errors.ts';
import type { RestCall } from '../rest/http-client.ts';
import type { WorkspaceReader } from '../rest/workspace-reader.ts';

export interface EnsureWarehouseOptions {
  reader: WorkspaceReader;
  /** Used only for POST /api/2.0/sql/warehouses/{id}/start (https://docs.databricks.com/api/workspace/warehouses/start). */
  call: RestCall;
  warehouseId: string;
  /** How long to wait for RUNNING, ms (default 10 minutes). */
  deadlineMs?: number;
  pollMs?: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onProgress: (message: string) => void;
}

/**
 * Before querying (databricks-sql-nodejs#265: the driver cannot tell whether a warehouse is up):
 * GET the warehouse; if STOPPED/STOPPING, POST start; poll until RUNNING within the deadline.
 * @returns the seconds waited. @throws ExternalServiceError when the warehouse is deleted or does not
 *   reach RUNNING in time.
 */
export async function ensureWarehouseRunning(options: EnsureWarehouseOptions): Promise<number> {
  const started = options.now();
  const deadline = started + (options.deadlineMs ?? 600_000);
  let warehouse = await options.reader.getWarehouse(options.warehouseId);
  if (warehouse.state === 'RUNNING') return 0;
  if (warehouse.state === 'DELETED' || warehouse.state === 'DELETING') {
    throw new ExternalServiceError(
      'databricks',
      `SQL warehouse ${options.warehouseId} is ${warehouse.state}; set DATABRICKS_WAREHOUSE_ID`,
    );
  }
  if (warehouse.state === 'STOPPED' || warehouse.state === 'STOPPING') {
    options.onProgress(`starting SQL warehouse ${options.warehouseId} (was ${warehouse.state})`);
    await options.call({
      method: 'POST',
      path: `/api/2.0/sql/warehouses/${encodeURIComponent(options.warehouseId)}/start`,
      body: {},
    });
  }
  for (;;) {
    if (options.now() >= deadline) {
      throw new ExternalServiceError(
        'databricks',
        `SQL warehouse ${options.warehouseId} did not reach RUNNING within ${Math.round((deadline - started) / 1000)} s (last state ${warehouse.state ?? 'unknown'})`,
      );
    }
    await options.sleep(options.pollMs ?? 10_000);
    warehouse = await options.reader.getWarehouse(options.warehouseId);
    if (warehouse.state === 'RUNNING') return Math.round((options.now() - started) / 1000);
  }
}
