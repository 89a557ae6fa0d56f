import type { BillingSource, DailyCost } from '../../snapshot/billing-source.ts';
import type { ResourceRef } from '../../snapshot/schema.ts';
import { toDay, toId, toNumber } from '../facts/values.ts';
import type { SqlRow, SqlRunner } from './sql-runner.ts';

/**
 * The row's resource id for `kind`, with the attribution of usage-facts: a warehouse by warehouse_id, a job
 * by job_id, a cluster by cluster_id only when no job_id is set (job-compute rows belong to their job), a pipeline
 * by usage_metadata.dlt_pipeline_id.
 */
function idFor(kind: ResourceRef['kind'], row: SqlRow): string | undefined {
  switch (kind) {
    case 'warehouse':
      return toId(row.warehouse_id);
    case 'job':
      return toId(row.job_id);
    case 'cluster':
      return toId(row.job_id) === undefined ? toId(row.cluster_id) : undefined;
    case 'pipeline':
      return toId(row.pipeline_id);
    case 'table':
      // Usage of a table (predictive optimization) names it only by catalog/schema/table names, not by id.
      return undefined;
    case 'workspace':
      // A workspace's own cost is every row of it, not one resource's: not measured by this source.
      return undefined;
    default: {
      const unreachable: never = kind;
      throw new TypeError(`unknown resource kind ${String(unreachable)}`);
    }
  }
}

/**
 * A {@link BillingSource} over the registered statements (metadata boundary: docs/security.md):
 * - `resource-cost-by-day` — list cost (pricing.effective_list.default × usage_quantity, USD), DBUs and distinct
 *   job runs per resource and UTC day, all record types summed (RETRACTION rows net out, https://docs.databricks.com/aws/en/admin/system-tables/billing);
 * - `warehouse-query-stats` — queries per warehouse and day, the activity of a warehouse.
 * Registered statements take only DATE parameters, so the runner streams every resource's rows for the
 * window and this source keeps the one resource asked for (memory: one resource × days).
 * Activity: queries for a warehouse, distinct runs for a job, none for a cluster.
 *
 * @throws whatever the runner throws (ExternalServiceError, MetadataBoundaryError).
 */
export function createSqlBillingSource(runner: SqlRunner): BillingSource {
  return {
    async costByDay(ref, from, to) {
      const byDay = new Map<string, DailyCost>();
      await runner.run('resource-cost-by-day', { start: from, end: to }, (row) => {
        if (toId(row.workspace_id) !== ref.workspaceId || idFor(ref.kind, row) !== ref.id) return;
        const day = toDay(row.usage_date);
        const seen = byDay.get(day) ?? { day, usd: 0, dbus: 0 };
        seen.usd += toNumber(row.list_cost_usd);
        seen.dbus += toNumber(row.dbus);
        if (ref.kind === 'job') seen.activity = (seen.activity ?? 0) + toNumber(row.job_runs);
        byDay.set(day, seen);
      });
      if (ref.kind === 'warehouse') {
        await runner.run('warehouse-query-stats', { start: from, end: to }, (row) => {
          if (row.query_date === null || row.query_date === undefined) return;
          if (toId(row.workspace_id) !== ref.workspaceId || toId(row.warehouse_id) !== ref.id) return;
          const seen = byDay.get(toDay(row.query_date));
          if (seen !== undefined) seen.activity = (seen.activity ?? 0) + toNumber(row.query_count);
        });
        for (const day of byDay.values()) day.activity ??= 0;
      }
      return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
    },
  };
}
