import { ExternalServiceError } from '../../errors.ts';
import { WarehouseNotRunningError } from '../errors.ts';
import type { RestCall } from '../rest/http-client.ts';
import type { WorkspaceReader } from '../rest/workspace-reader.ts';
import { describeStartCost } from './warehouse-start-cost.ts';

export interface EnsureWarehouseOptions {
  reader: WorkspaceReader;
  /** Used only for POST /api/2.0/sql/warehouses/{id}/start (https://docs.databricks.com/api/workspace/warehouses/start). */
  call: RestCall;
  warehouseId: string;
  /**
   * Whether a STOPPED/STOPPING warehouse may be started (read-only by default: `doctor --start-warehouse`,
   * `databricks.startWarehouse: true`, never with the kill switch on). When false, `notStartedHint` says how
   * to allow it.
   */
  start: boolean;
  notStartedHint?: string;
  /** USD per SQL DBU for the cost line (default the list price of the warehouse type). */
  usdPerDbu?: number | undefined;
  /** How long to wait for RUNNING, ms (default 10 minutes). */
  deadlineMs?: number;
  pollMs?: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onProgress: (message: string) => void;
}

/**
 * Before querying (databricks-sql-nodejs#265: the driver cannot tell whether a warehouse is up):
 * GET the warehouse; if STOPPED/STOPPING, POST start only when `start` is true (saying what it costs per
 * hour), else refuse without starting; poll until RUNNING within the deadline (a STARTING warehouse is
 * waited for, never started).
 * @returns the seconds waited. @throws WarehouseNotRunningError when it is stopped and may not be started
 *   (nothing was written); ExternalServiceError when it is deleted or does not reach RUNNING in time.
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
    const cost = describeStartCost(warehouse, options.usdPerDbu);
    if (!options.start) {
      throw new WarehouseNotRunningError(
        options.warehouseId,
        warehouse.state,
        `SQL warehouse ${options.warehouseId} is ${warehouse.state}; lakewarden did not start it (read-only): ${cost}${options.notStartedHint === undefined || options.notStartedHint === '' ? '' : `; ${options.notStartedHint}`}`,
      );
    }
    options.onProgress(`starting SQL warehouse ${options.warehouseId} (was ${warehouse.state}): ${cost}`);
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
