import { resourceKey, toDay, toId, toNumber } from './values.ts';

/** One warehouse's statements on one day (system.query.history): counts and spilled bytes. */
export interface WarehouseQueryDay {
  queries: number;
  failed: number;
  spilledBytes: number;
}

/**
 * Builder for `warehouse-query-days` rows (workspace_id, warehouse_id, query_date DATE, query_count BIGINT,
 * failed_count BIGINT, spilled_bytes BIGINT or NULL) over the baseline period + window: per warehouse, a map
 * day (YYYY-MM-DD) → the day's counts, for the `queryCount`, `spilledBytes` and `failedQueries` daily series
 * (src/stats/baseline-facts.ts SERIES). Failures are all error classes together (no class is read).
 * Memory: warehouses × days.
 */
export function createWarehouseQuerySeriesFacts() {
  const byWarehouse = new Map<string, Map<string, WarehouseQueryDay>>();
  return {
    add(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const warehouseId = toId(row.warehouse_id);
      if (workspaceId === undefined || warehouseId === undefined || row.query_date == null) return;
      const key = resourceKey(workspaceId, warehouseId);
      let days = byWarehouse.get(key);
      if (days === undefined) {
        days = new Map();
        byWarehouse.set(key, days);
      }
      const day = toDay(row.query_date);
      const previous = days.get(day) ?? { queries: 0, failed: 0, spilledBytes: 0 };
      days.set(day, {
        queries: previous.queries + toNumber(row.query_count),
        failed: previous.failed + toNumber(row.failed_count),
        spilledBytes: previous.spilledBytes + toNumber(row.spilled_bytes),
      });
    },
    /** The warehouse's days, or undefined when it ran no statement in the period. */
    get: (workspaceId: string, warehouseId: string): ReadonlyMap<string, WarehouseQueryDay> | undefined =>
      byWarehouse.get(resourceKey(workspaceId, warehouseId)),
  };
}
