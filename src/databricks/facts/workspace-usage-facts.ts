import type { ResourceUsage } from './usage-facts.ts';
import { toDay, toId, toNumber } from './values.ts';

/**
 * Streaming builder for `usage-by-workspace-day` rows (workspace_id, usage_date, dbus and list_cost_usd as
 * DECIMAL strings; all products and record types summed by the SQL) over the baseline period + window:
 * per workspace, the daily cost and DBUs, and window totals counted only on the window's days
 * (YYYY-MM-DD, inclusive). Memory: workspaces × days.
 */
export function createWorkspaceUsageFacts(window: { start: string; end: string }) {
  const byWorkspace = new Map<string, ResourceUsage>();
  return {
    add(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      if (workspaceId === undefined) return;
      const day = toDay(row.usage_date);
      const dbus = toNumber(row.dbus);
      const cost = toNumber(row.list_cost_usd);
      let usage = byWorkspace.get(workspaceId);
      if (usage === undefined) {
        usage = { dbus: 0, costUsd: 0, dailyCostUsd: new Map(), dailyDbus: new Map() };
        byWorkspace.set(workspaceId, usage);
      }
      if (day >= window.start && day <= window.end) {
        usage.dbus += dbus;
        usage.costUsd += cost;
      }
      usage.dailyCostUsd.set(day, (usage.dailyCostUsd.get(day) ?? 0) + cost);
      usage.dailyDbus.set(day, (usage.dailyDbus.get(day) ?? 0) + dbus);
    },
    get: (workspaceId: string): ResourceUsage | undefined => byWorkspace.get(workspaceId),
  };
}
