import { resourceKey, toDay, toId, toNumber } from './values.ts';

/** Statement statistics of one warehouse over the window (schema.ts WarehouseFacts). */
export interface WarehouseQueryStats {
  queryCount: number;
  failedQueryCount: number;
  queriesWithSpill: number;
  spilledBytes: number;
  queuedQueries: number;
  p95QueueMs: number;
  p95DurationMs: number;
  totalTaskMs: number;
  dailyQueries: Map<string, number>;
}

/**
 * Builder for `warehouse-query-stats` rows: rows with `query_date` NULL are the window totals of the
 * GROUPING SETS (exact window p95s); dated rows feed the daily series. Memory: per warehouse and day.
 */
export function createWarehouseQueryFacts() {
  const stats = new Map<string, WarehouseQueryStats>();
  return {
    add(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const warehouseId = toId(row.warehouse_id);
      if (workspaceId === undefined || warehouseId === undefined) return;
      const key = resourceKey(workspaceId, warehouseId);
      let s = stats.get(key);
      if (s === undefined) {
        s = {
          queryCount: 0,
          failedQueryCount: 0,
          queriesWithSpill: 0,
          spilledBytes: 0,
          queuedQueries: 0,
          p95QueueMs: 0,
          p95DurationMs: 0,
          totalTaskMs: 0,
          dailyQueries: new Map(),
        };
        stats.set(key, s);
      }
      if (row.query_date === null || row.query_date === undefined) {
        s.queryCount = toNumber(row.query_count);
        s.failedQueryCount = toNumber(row.failed_count);
        s.queriesWithSpill = toNumber(row.spill_count);
        s.spilledBytes = toNumber(row.spilled_bytes);
        s.queuedQueries = toNumber(row.queued_count);
        s.p95QueueMs = toNumber(row.p95_queue_ms);
        s.p95DurationMs = toNumber(row.p95_duration_ms);
        s.totalTaskMs = toNumber(row.total_task_ms);
      } else {
        s.dailyQueries.set(toDay(row.query_date), toNumber(row.query_count));
      }
    },
    get: (workspaceId: string, warehouseId: string) => stats.get(resourceKey(workspaceId, warehouseId)),
  };
}
