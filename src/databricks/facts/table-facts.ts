import type { TableResource } from '../../snapshot/schema.ts';
import { resourceKey, toDay, toEpochMs, toId, toNumber } from './values.ts';

const DAY_MS = 86_400_000;

/** One table seen in predictive-optimization history: its names (Class B) and schema.ts TableFacts. */
export interface TableHistory {
  workspaceId: string;
  tableId: string;
  catalog: string;
  schema: string;
  table: string;
  facts: TableResource['facts'];
}

interface Accumulator {
  workspaceId: string;
  tableId: string;
  catalog: string;
  schema: string;
  table: string;
  compactionRuns: number;
  compactedFiles: number;
  compactedBytes: number;
  outputFiles: number;
  lastCompactionEndMs: number | null;
  operations: number;
  failed: number;
  recent: number;
  recentFailed: number;
  dbus: number;
}

/**
 * Builder for `predictive-optimization-tables` rows (workspace_id, table_id, catalog_name, schema_name,
 * table_name, operation_type, operation_status, operation_date DATE, operations BIGINT, last_end_time TIMESTAMP,
 * compacted_files / compacted_bytes / output_files BIGINT or NULL, estimated_dbus DECIMAL) over the baseline
 * period + window. Compaction facts count SUCCESSFUL COMPACTION rows only; `FAILED: …` statuses count as failed
 * operations. Memory: one accumulator per table.
 * @param options.recentStart first day of the recent period (YYYY-MM-DD); `end` the window's last day
 */
export function createTableFacts(options: { recentStart: string; end: string }) {
  const tables = new Map<string, Accumulator>();
  const endMs = Date.parse(`${options.end}T00:00:00Z`) + DAY_MS;
  return {
    add(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const tableId = toId(row.table_id);
      if (workspaceId === undefined || tableId === undefined) return;
      const key = resourceKey(workspaceId, tableId);
      let acc = tables.get(key);
      if (acc === undefined) {
        acc = {
          workspaceId,
          tableId,
          catalog: String(row.catalog_name ?? ''),
          schema: String(row.schema_name ?? ''),
          table: String(row.table_name ?? ''),
          compactionRuns: 0,
          compactedFiles: 0,
          compactedBytes: 0,
          outputFiles: 0,
          lastCompactionEndMs: null,
          operations: 0,
          failed: 0,
          recent: 0,
          recentFailed: 0,
          dbus: 0,
        };
        tables.set(key, acc);
      }
      const operations = toNumber(row.operations);
      const status = String(row.operation_status ?? '');
      acc.operations += operations;
      acc.dbus += toNumber(row.estimated_dbus);
      if (status.startsWith('FAILED')) acc.failed += operations;
      if (row.operation_date != null && toDay(row.operation_date) >= options.recentStart) {
        acc.recent += operations;
        if (status.startsWith('FAILED')) acc.recentFailed += operations;
      }
      if (row.operation_type === 'COMPACTION' && status === 'SUCCESSFUL') {
        acc.compactionRuns += operations;
        acc.compactedFiles += toNumber(row.compacted_files);
        acc.compactedBytes += toNumber(row.compacted_bytes);
        acc.outputFiles += toNumber(row.output_files);
        if (row.last_end_time != null) {
          const last = toEpochMs(row.last_end_time);
          if (acc.lastCompactionEndMs === null || last > acc.lastCompactionEndMs) acc.lastCompactionEndMs = last;
        }
      }
    },
    /** Every table of `workspaceId` with its facts, in first-seen order. */
    tablesOf(workspaceId: string): TableHistory[] {
      const out: TableHistory[] = [];
      for (const acc of tables.values()) {
        if (acc.workspaceId !== workspaceId) continue;
        out.push({
          workspaceId,
          tableId: acc.tableId,
          catalog: acc.catalog,
          schema: acc.schema,
          table: acc.table,
          facts: {
            compactionRuns: acc.compactionRuns,
            compactedFiles: acc.compactedFiles,
            compactedBytes: acc.compactedBytes,
            compactionOutputFiles: acc.outputFiles,
            avgCompactedFileBytes: acc.compactedFiles > 0 ? acc.compactedBytes / acc.compactedFiles : 0,
            daysSinceLastCompaction:
              acc.lastCompactionEndMs === null
                ? null
                : Math.max(0, Math.floor((endMs - acc.lastCompactionEndMs) / DAY_MS)),
            poOperations: acc.operations,
            poFailedOperations: acc.failed,
            poOperationsRecent: acc.recent,
            poFailedOperationsRecent: acc.recentFailed,
            poEstimatedDbus: acc.dbus,
          },
        });
      }
      return out;
    },
  };
}
