import type { BillingSource, DailyCost } from '../snapshot/billing-source.ts';
import type { ResourceRef } from '../snapshot/schema.ts';

/** Key of a resource in {@link createMemoryBillingSource}: `workspaceId/kind/id`. */
export function billingKey(ref: ResourceRef): string {
  return `${ref.workspaceId}/${ref.kind}/${ref.id}`;
}

/**
 * An in-memory {@link BillingSource} over rows keyed by {@link billingKey}: returns the rows whose day lies in
 * `[from, to]`, in day order. Several rows of one day are summed (as the SQL sums record types).
 */
export function createMemoryBillingSource(rows: ReadonlyMap<string, readonly DailyCost[]>): BillingSource {
  return {
    async costByDay(ref, from, to) {
      const byDay = new Map<string, DailyCost>();
      for (const row of rows.get(billingKey(ref)) ?? []) {
        if (row.day < from || row.day > to) continue;
        const seen = byDay.get(row.day);
        if (seen === undefined) {
          byDay.set(row.day, { ...row });
          continue;
        }
        seen.usd += row.usd;
        seen.dbus += row.dbus;
        if (row.activity !== undefined) seen.activity = (seen.activity ?? 0) + row.activity;
      }
      return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
    },
  };
}
