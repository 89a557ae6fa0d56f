import { resourceKey, toDay, toId, toNumber } from './values.ts';

/** Usage of one resource over the window: DBUs, list cost (USD) and cost per day. */
export interface ResourceUsage {
  dbus: number;
  costUsd: number;
  dailyCostUsd: Map<string, number>;
}

export type UsageKind = 'warehouse' | 'cluster' | 'job';

/**
 * Streaming builder for `usage-by-resource-day` rows (workspace_id, warehouse_id, cluster_id, job_id,
 * usage_date, dbus DECIMAL string, list_cost_usd DECIMAL string). A row counts for its warehouse, its job,
 * and its cluster only when no job is set: job-compute rows carry an ephemeral job cluster per run, which
 * is never a snapshot resource (all-purpose usage has no job_id, databricks.md §2.1), so memory stays
 * bounded by resources × days, not by runs. RETRACTION/RESTATEMENT are already netted by the SQL SUM; the
 * builder also nets rows for the same key and day.
 */
export function createUsageFacts(): {
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
          usage = { dbus: 0, costUsd: 0, dailyCostUsd: new Map() };
          byKind[kind].set(key, usage);
        }
        usage.dbus += dbus;
        usage.costUsd += cost;
        usage.dailyCostUsd.set(day, (usage.dailyCostUsd.get(day) ?? 0) + cost);
      }
    },
    get: (kind, workspaceId, id) => byKind[kind].get(resourceKey(workspaceId, id)),
    size: () => byKind.warehouse.size + byKind.cluster.size + byKind.job.size,
  };
}
