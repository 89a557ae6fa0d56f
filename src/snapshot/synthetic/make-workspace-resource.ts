import { commonBaselineFacts, SERIES } from '../../stats/baseline-facts.ts';
import type { SeriesPeriods } from '../../stats/periods.ts';
import type { Resource, WorkspaceResource } from '../schema.ts';
import { dayLevels, randomProfile } from './make-series.ts';
import { COST_CENTERS } from './names.ts';
import { type Rng, round } from './rng.ts';
import type { SyntheticWorkspace } from './workspaces.ts';

/**
 * The workspace as one resource: its daily `costUsd`/`dbus` series are the sum of its resources' series plus
 * usage no snapshot resource carries (serverless, model serving, storage, PO: 10-40 % of the resources' cost,
 * noisy). With `spike` that other usage jumps in the recent period by 1.5-2.5 × the workspace's median daily
 * cost, so the whole workspace's cost at least doubles (workspace-cost-spike). Window facts are the window sums
 * of the series; anomaly facts come from src/stats like every other kind. Tagged with the workspace's first team.
 * @param startMs UTC midnight of the first baseline day
 */
export function makeWorkspaceResource(
  rng: Rng,
  site: SyntheticWorkspace,
  resources: readonly Resource[],
  spike: boolean,
  periods: SeriesPeriods,
  startMs: number,
): WorkspaceResource {
  const total = periods.baselineDays + periods.windowDays;
  const cost = new Array<number>(total).fill(0);
  const dbus = new Array<number>(total).fill(0);
  for (const resource of resources) {
    if (resource.workspaceId !== site.workspace.id) continue;
    const c = resource.series?.[SERIES.costUsd];
    const d = resource.series?.[SERIES.dbus];
    for (let i = 0; i < total; i++) {
      cost[i] = (cost[i] ?? 0) + (c?.[i] ?? 0);
      dbus[i] = (dbus[i] ?? 0) + (d?.[i] ?? 0);
    }
  }
  const sorted = [...cost].sort((a, b) => a - b);
  const median = sorted[total >> 1] ?? 0;
  const share = rng.float(0.1, 0.4);
  let other = dayLevels(rng, startMs, periods, randomProfile(rng)).map((v) => v * share * median);
  if (spike) {
    const jump = rng.float(1.5, 2.5) * median;
    other = other.map((v, i) => (i >= total - periods.recentDays ? v + jump : v));
  }
  const totalDbus = dbus.reduce((a, b) => a + b, 0);
  // Other usage is priced like the workspace's own mix (0.5 USD/DBU when it has no resource usage).
  const usdPerDbu = totalDbus > 0 ? cost.reduce((a, b) => a + b, 0) / totalDbus : 0.5;
  const series = {
    [SERIES.costUsd]: cost.map((v, i) => round(v + (other[i] ?? 0))),
    [SERIES.dbus]: dbus.map((v, i) => round(v + (other[i] ?? 0) / (usdPerDbu > 0 ? usdPerDbu : 0.5))),
  };
  const windowSum = (values: readonly number[]) => round(values.slice(periods.baselineDays).reduce((a, b) => a + b, 0));
  const team = site.teams[0] ?? 'data-eng';
  return {
    kind: 'workspace',
    workspaceId: site.workspace.id,
    id: site.workspace.id,
    name: site.workspace.name,
    tags: { team, owner: team, cost_center: COST_CENTERS[team] },
    owners: {},
    series,
    config: { cloud: site.workspace.cloud, region: site.workspace.region },
    facts: {
      dbus: windowSum(series[SERIES.dbus] ?? []),
      costUsd: windowSum(series[SERIES.costUsd] ?? []),
      ...commonBaselineFacts(series, periods),
    },
  };
}
