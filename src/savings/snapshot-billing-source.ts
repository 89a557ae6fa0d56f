import { InputError } from '../errors.ts';
import type { BillingSource, DailyCost } from '../snapshot/billing-source.ts';
import type { Snapshot } from '../snapshot/schema.ts';

const DAY_MS = 86_400_000;
const dayOf = (start: string, index: number): string =>
  new Date(Date.parse(`${start}T00:00:00Z`) + index * DAY_MS).toISOString().slice(0, 10);

/**
 * A {@link BillingSource} over a saved snapshot's daily series (Snapshot.series, index 0 = Snapshot.baseline.start;
 * built from system.billing.usage ⋈ list_prices at collection): `costUsd` (list cost, USD/day) and `dbus` per day;
 * activity = `queryCount` statements/day for a warehouse, and for a job the successful runs of that day (`runDay`
 * of its per-run series; failed runs are not in a snapshot's series). Days with no cost and no DBUs are absent, as
 * the port requires. A resource that is not in the snapshot has no rows. Pure after construction.
 * @throws InputError when the snapshot has no daily series (no `baseline`) or is degraded without billing.
 */
export function createSnapshotBillingSource(snapshot: Snapshot, file: string): BillingSource {
  const start = snapshot.baseline?.start;
  if (start === undefined) {
    throw new InputError(
      `${file}: the snapshot has no daily series (no baseline): collect one with lakewarden snapshot collect`,
    );
  }
  if (snapshot.missing?.some((m) => m.table === 'system.billing.usage') === true) {
    throw new InputError(
      `${file}: the snapshot is degraded without system.billing.usage: it holds no billing to measure`,
    );
  }
  const byKey = new Map(snapshot.resources.map((r) => [`${r.workspaceId}/${r.kind}/${r.id}`, r]));
  return {
    async costByDay(ref, from, to) {
      const resource = byKey.get(`${ref.workspaceId}/${ref.kind}/${ref.id}`);
      const series = resource?.series ?? {};
      const cost = series.costUsd ?? [];
      const dbus = series.dbus ?? [];
      const queries = ref.kind === 'warehouse' ? series.queryCount : undefined;
      const runsPerDay = new Map<number, number>();
      if (ref.kind === 'job') for (const d of series.runDay ?? []) runsPerDay.set(d, (runsPerDay.get(d) ?? 0) + 1);
      const rows: DailyCost[] = [];
      for (let i = 0; i < Math.max(cost.length, dbus.length); i++) {
        const day = dayOf(start, i);
        if (day < from || day > to) continue;
        const usd = cost[i] ?? 0;
        const dbu = dbus[i] ?? 0;
        if (usd === 0 && dbu === 0) continue;
        const row: DailyCost = { day, usd, dbus: dbu };
        if (queries !== undefined) row.activity = queries[i] ?? 0;
        if (ref.kind === 'job') row.activity = runsPerDay.get(i) ?? 0;
        rows.push(row);
      }
      return rows;
    },
  };
}
