import type { WarehouseResource } from '../schema.ts';
import { WAREHOUSE_DBU_PER_HOUR } from '../warehouse-sizes.ts';
import type { MakeContext } from './make-context.ts';
import { ENVIRONMENTS, WAREHOUSE_PREFIX, WAREHOUSE_PURPOSE } from './names.ts';
import { makeOwnership, resourceIdentity } from './ownership.ts';
import { listPrice } from './prices.ts';
import type { WarehouseProblem } from './problems.ts';
import { createRng, round } from './rng.ts';

const SMALL_SIZES = ['2X-Small', 'X-Small', 'Small', 'Medium'] as const;
const LARGE_SIZES = ['Large', 'X-Large', '2X-Large'] as const;

/**
 * One SQL warehouse with facts consistent with their derivations (schema.ts): clusterHours ≥ runningHours ×
 * min clusters, idleTailHours ≤ idleHours ≤ runningHours, idleTailCount = idle tails of auto_stop_mins each, dbus = clusterHours × DBU/h of the size,
 * costUsd = dbus × usdPerDbu. `problem` plants the condition of that rule; null = healthy (no rule fires).
 */
export function makeWarehouse(ctx: MakeContext, id: string, problem: WarehouseProblem | null): WarehouseResource {
  const { rng, site, team } = ctx;
  const windowHours = ctx.windowDays * 24;
  const { tags, owners } = makeOwnership(rng, 'warehouse', team, problem === 'warehouse-missing-tags');
  const env = tags.env ?? rng.pick(ENVIRONMENTS);
  const name = `${rng.pick(WAREHOUSE_PREFIX[team])}-${rng.pick(WAREHOUSE_PURPOSE)}-${env}`;

  let size: string = rng.chance(0.2) ? rng.pick(LARGE_SIZES) : rng.pick(SMALL_SIZES);
  if (problem === 'warehouse-oversized') size = rng.pick(LARGE_SIZES);
  if (problem === 'warehouse-undersized') size = rng.pick(['Small', 'Medium'] as const);
  const warehouseType = rng.chance(0.8) ? 'PRO' : 'CLASSIC';
  // Serverless is a PRO warehouse with enable_serverless_compute, billed at the serverless SQL price. Drawn from a
  // stream of the warehouse's own id, so the account's main stream (and every other resource) is unchanged.
  const serverless = warehouseType === 'PRO' && createRng(Number.parseInt(id.slice(0, 8), 16) || 1).chance(0.35);
  let minClusters = rng.chance(0.85) ? 1 : 2;
  if (problem === 'warehouse-idle-extra-clusters') minClusters = rng.int(2, 4);
  const maxClusters = minClusters + rng.int(0, 4);
  let autoStop = rng.pick([5, 10, 10, 15, 20, 30]);
  if (problem === 'warehouse-auto-stop-too-long') autoStop = rng.pick([0, 45, 60, 120]);

  const runningHours = round(
    autoStop === 0 || minClusters > 1 ? rng.float(0.7, 1) * windowHours : rng.float(0.1, 0.6) * windowHours,
  );
  const avgClusters = minClusters + rng.float(0, 0.35) * (maxClusters - minClusters);
  const clusterHours = round(runningHours * avgClusters);
  const idleHours = round(runningHours * rng.float(0.05, 0.35));
  let idleTailHours: number;
  // Planted tails are long enough that, net of the minutes each stop still costs, they clear the savings floor.
  if (problem === 'warehouse-auto-stop-too-long') idleTailHours = round(Math.max(idleHours * rng.float(0.5, 0.9), 40));
  else if (autoStop > 30) idleTailHours = round(Math.min(idleHours, rng.float(0, 4)));
  else idleTailHours = round(Math.min(idleHours, rng.float(0.02, 0.12) * runningHours * (autoStop / 30)));
  const idleForTail = Math.max(idleHours, idleTailHours);
  // Each stop after an idle tail waited auto_stop_mins; a warehouse that never stops has one tail (to the end).
  const idleTailCount =
    idleTailHours <= 0 ? 0 : autoStop === 0 ? 1 : Math.max(1, Math.round(idleTailHours / (autoStop / 60)));
  const extraCapacity = clusterHours - runningHours;
  const extraClusterIdleHours =
    problem === 'warehouse-idle-extra-clusters'
      ? round(Math.max(Math.min(extraCapacity, 25 + rng.float(0.3, 0.7) * extraCapacity), 25))
      : round(Math.min(extraCapacity, rng.float(0, 20)));

  const heavy = problem === 'warehouse-undersized';
  const queryCount = heavy ? rng.int(2000, 40000) : rng.int(40, 25000);
  let queriesWithSpill = Math.floor(queryCount * rng.float(0, 0.02));
  let queuedQueries = Math.floor(queryCount * rng.float(0, 0.03));
  let p95QueueMs = queuedQueries > 0 ? rng.int(200, 12000) : 0;
  let utilizationPct = round(rng.float(size.includes('Large') ? 25 : 10, 75), 1);
  if (problem === 'warehouse-oversized') {
    queriesWithSpill = 0;
    queuedQueries = 0;
    p95QueueMs = 0;
    utilizationPct = round(rng.float(2, 12), 1);
  }
  if (heavy) {
    utilizationPct = round(rng.float(70, 96), 1);
    if (rng.chance(0.5)) queriesWithSpill = Math.floor(queryCount * rng.float(0.08, 0.3));
    else {
      queuedQueries = Math.floor(queryCount * rng.float(0.1, 0.4));
      p95QueueMs = rng.int(45000, 240000);
    }
  }
  const dbuPerHour = WAREHOUSE_DBU_PER_HOUR[size] ?? 24;
  const usdPerDbu = listPrice(
    site.workspace.cloud,
    site.tier,
    serverless ? 'SERVERLESS_SQL_COMPUTE' : warehouseType === 'PRO' ? 'SQL_PRO_COMPUTE' : 'SQL_COMPUTE',
  );
  const dbus = round(clusterHours * dbuPerHour);
  return {
    ...resourceIdentity('warehouse', site.workspace.id, id, name, { tags, owners }),
    config: {
      cluster_size: size,
      min_num_clusters: minClusters,
      max_num_clusters: maxClusters,
      auto_stop_mins: autoStop,
      warehouse_type: warehouseType,
      enable_serverless_compute: serverless,
      enable_photon: true,
      spot_instance_policy: 'COST_OPTIMIZED',
      state: autoStop === 0 || rng.chance(0.4) ? 'RUNNING' : 'STOPPED',
      channel: 'CHANNEL_NAME_CURRENT',
    },
    facts: {
      dbus,
      costUsd: round(dbus * usdPerDbu),
      runningHours,
      clusterHours,
      idleHours: round(Math.min(runningHours, idleForTail)),
      idleTailHours,
      idleTailCount,
      extraClusterIdleHours,
      queryCount,
      failedQueryCount: Math.floor(queryCount * rng.float(0, 0.03)),
      queriesWithSpill,
      spilledBytes: queriesWithSpill > 0 ? queriesWithSpill * rng.int(50, 4000) * 1024 * 1024 : 0,
      queuedQueries,
      p95QueueMs,
      p95DurationMs: rng.int(800, heavy ? 600000 : 90000),
      utilizationPct: Math.min(utilizationPct, 100),
      dbuPerHour,
      usdPerDbu,
    },
  };
}
