import { resourceKey, toDay, toId, toNumber } from './values.ts';

/** Usage of one resource: DBUs and list cost (USD) over the window, cost and DBUs per day (YYYY-MM-DD) of every row. */
export interface ResourceUsage {
  dbus: number;
  costUsd: number;
  dailyCostUsd: Map<string, number>;
  dailyDbus: Map<string, number>;
}

export type UsageKind = 'warehouse' | 'cluster' | 'job';

/**
 * Streaming builder for `usage-by-resource-day` rows (workspace_id, warehouse_id, cluster_id, job_id,
 * usage_date, dbus DECIMAL string, list_cost_usd DECIMAL string). A row counts for its warehouse, its job,
 * and its cluster only when no job is set: job-compute rows carry an ephemeral job cluster per run, which
 * is never a snapshot resource (all-purpose usage has no job_id, https://docs.databricks.com/aws/en/admin/system-tables/billing), so memory stays
 * bounded by resources × days, not by runs. RETRACTION/RESTATEMENT are already netted by the SQL SUM; the
 * builder also nets rows for the same key and day.
 * @param window when given (YYYY-MM-DD, inclusive), `dbus`/`costUsd` count only rows of the window's days, while
 *   the daily maps keep every day (the statement then runs over the baseline period + window for the series).
 */
export function createUsageFacts(window?: { start: string; end: string }): {
  add(row: Readonly<Record<string, unknown>>): void;
  get(kind: UsageKind, workspaceId: string, id: string): ResourceUsage | undefined;
  size(): number;
} {
  const byKind: Record<UsageKind, Map<string, ResourceUsage>> = {
    warehouse: new Map(),
    cluster: new Map(),
    job: new Map(),
  };
  return {
    add(row) {
      const workspaceId = toId(row.workspace_id);
      if (workspaceId === undefined) return;
      const day = toDay(row.usage_date);
      const dbus = toNumber(row.dbus);
      const cost = toNumber(row.list_cost_usd);
      const jobId = toId(row.job_id);
      const ids: [UsageKind, string | undefined][] = [
        ['warehouse', toId(row.warehouse_id)],
        ['job', jobId],
        ['cluster', jobId === undefined ? toId(row.cluster_id) : undefined],
      ];
      for (const [kind, id] of ids) {
        if (id === undefined) continue;
        const key = resourceKey(workspaceId, id);
        let usage = byKind[kind].get(key);
        if (usage === undefined) {
          usage = { dbus: 0, costUsd: 0, dailyCostUsd: new Map(), dailyDbus: new Map() };
          byKind[kind].set(key, usage);
        }
        if (window === undefined || (day >= window.start && day <= window.end)) {
          usage.dbus += dbus;
          usage.costUsd += cost;
        }
        usage.dailyCostUsd.set(day, (usage.dailyCostUsd.get(day) ?? 0) + cost);
        usage.dailyDbus.set(day, (usage.dailyDbus.get(day) ?? 0) + dbus);
      }
    },
    get: (kind, workspaceId, id) => byKind[kind].get(resourceKey(workspaceId, id)),
    size: () => byKind.warehouse.size + byKind.cluster.size + byKind.job.size,
  };
}
