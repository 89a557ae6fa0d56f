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
 * usage_date, dbus DECIMAL string, list_cost_usd DECIMAL string). A row counts for each id it carries
 * (a job-compute row counts for the job and for its job cluster). RETRACTION/RESTATEMENT are already
 * netted by the SQL SUM; the builder also nets rows for the same key and day. Memory: one entry per
 * resource and day.
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
      const ids: [UsageKind, string | undefined][] = [
        ['warehouse', toId(row.warehouse_id)],
        ['cluster', toId(row.cluster_id)],
        ['job', toId(row.job_id)],
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
