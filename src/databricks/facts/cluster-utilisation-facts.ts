import { resourceKey, toEpochMs, toId, toNumber } from './values.ts';

const HOUR_MS = 3_600_000;

/** Utilisation of one cluster over the window (schema.ts ClusterFacts). */
export interface ClusterUtilisation {
  runningHours: number;
  idleHours: number;
  /** Runs of consecutive idle hours. */
  idleStretches: number;
  avgCpuPct: number;
  maxMemPct: number;
}

/**
 * Builder for `cluster-task-hours` rows (hours in which a job task ran on the cluster, with `task_minutes`;
 * feed first) and `cluster-node-hours` rows (per cluster and hour: avg_cpu_pct DOUBLE, max_mem_pct,
 * node_minutes BIGINT, driver_minutes BIGINT). runningHours = hours with driver rows; avgCpuPct =
 * minute-weighted average; idleHours = running hours with average CPU below `idleCpuPct` (5) and fewer than
 * `busyTaskMinutes` (15) minutes of job tasks: a cluster kept up around the clock for an 8-minute hourly job
 * is idle most of each hour. idleStretches = runs of consecutive idle hours. A row without `task_minutes` counts as a busy hour.
 * Memory: task hours and idle hours per cluster (each ≤ 24 × days) and one accumulator per cluster.
 */
export function createClusterUtilisationFacts(idleCpuPct = 5, busyTaskMinutes = 15) {
  const taskHours = new Map<string, Set<number>>();
  const acc = new Map<
    string,
    { running: number; idle: number; idleHours: Set<number>; cpuWeighted: number; minutes: number; maxMem: number }
  >();
  return {
    addTaskHour(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const clusterId = toId(row.cluster_id);
      if (workspaceId === undefined || clusterId === undefined) return;
      const key = resourceKey(workspaceId, clusterId);
      let set = taskHours.get(key);
      if (set === undefined) {
        set = new Set();
        taskHours.set(key, set);
      }
      if (row.task_minutes !== undefined && row.task_minutes !== null && toNumber(row.task_minutes) < busyTaskMinutes) {
        return;
      }
      set.add(Math.floor(toEpochMs(row.hour_start) / HOUR_MS) * HOUR_MS);
    },
    addNodeHour(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const clusterId = toId(row.cluster_id);
      if (workspaceId === undefined || clusterId === undefined) return;
      const key = resourceKey(workspaceId, clusterId);
      let a = acc.get(key);
      if (a === undefined) {
        a = { running: 0, idle: 0, idleHours: new Set(), cpuWeighted: 0, minutes: 0, maxMem: 0 };
        acc.set(key, a);
      }
      const minutes = toNumber(row.node_minutes);
      const cpu = toNumber(row.avg_cpu_pct);
      a.cpuWeighted += cpu * minutes;
      a.minutes += minutes;
      a.maxMem = Math.max(a.maxMem, toNumber(row.max_mem_pct));
      if (toNumber(row.driver_minutes) > 0) {
        a.running += 1;
        const hour = Math.floor(toEpochMs(row.hour_start) / HOUR_MS) * HOUR_MS;
        if (cpu < idleCpuPct && taskHours.get(key)?.has(hour) !== true) {
          a.idle += 1;
          a.idleHours.add(hour);
        }
      }
    },
    get(workspaceId: string, clusterId: string): ClusterUtilisation | undefined {
      const a = acc.get(resourceKey(workspaceId, clusterId));
      if (a === undefined) return undefined;
      return {
        runningHours: a.running,
        idleHours: a.idle,
        idleStretches: [...a.idleHours].filter((hour) => !a.idleHours.has(hour - HOUR_MS)).length,
        avgCpuPct: a.minutes > 0 ? a.cpuWeighted / a.minutes : 0,
        maxMemPct: a.maxMem,
      };
    },
  };
}
