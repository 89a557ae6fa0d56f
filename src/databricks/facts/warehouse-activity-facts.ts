import { resourceKey, toEpochMs, toId, toNumber } from './values.ts';

const HOUR_MS = 3_600_000;

/** Activity of one warehouse over the window, in hours. */
export interface WarehouseActivity {
  runningHours: number;
  clusterHours: number;
  idleHours: number;
  idleTailHours: number;
  idleTailCount: number;
  extraClusterIdleHours: number;
}

interface QueryHour {
  queries: number;
  lastEndMs: number | null;
  queued: number;
}

interface State {
  activity: WarehouseActivity;
  runningSince: number | null;
  clusters: number;
  segmentStart: number;
  lastQueryEndMs: number | null;
}

/**
 * Streaming builder of warehouse running/idle time (schema.ts WarehouseFacts). Feed first the
 * `warehouse-query-hours` rows (per warehouse and hour: query_count, last_end_time, queued_count), then the
 * `warehouse-events` rows (event_type, cluster_count, event_time; ordered by event_time per warehouse), then
 * call `finish()`. An event before the window start (the statement returns each warehouse's last one) gives the
 * state at the start: running (with its cluster_count) unless it is STOPPING/STOPPED. Running intervals go from
 * STARTING/RUNNING to the next STOPPING/STOPPED; without an earlier event, a warehouse whose first event is a
 * scale or stop event was running since the window start; one still running at the end is
 * closed at the window end, tail included. Between events, cluster_count weights clusterHours. idleHours =
 * running time in hours with no statement started; extraClusterIdleHours = (cluster_count − 1) × time in hours
 * with no queued statement; idleTailHours = per stop, time from the last statement end (or the start) to the
 * stop, and for a warehouse still running at the window end (e.g. `auto_stop_mins = 0`, it never stops) the
 * time from its last statement end (or its start) to the window end; idleTailCount = how many such tails had
 * any length (each would still cost one auto-stop delay after a change).
 * Memory: per warehouse, its query hours (≤ 24 × days) and one state.
 */
export function createWarehouseActivityFacts(window: { startMs: number; endMs: number }) {
  const hours = new Map<string, Map<number, QueryHour>>();
  const states = new Map<string, State>();

  function hourMap(key: string): Map<number, QueryHour> {
    let map = hours.get(key);
    if (map === undefined) {
      map = new Map();
      hours.set(key, map);
    }
    return map;
  }

  function state(key: string): State {
    let s = states.get(key);
    if (s === undefined) {
      s = {
        activity: {
          runningHours: 0,
          clusterHours: 0,
          idleHours: 0,
          idleTailHours: 0,
          idleTailCount: 0,
          extraClusterIdleHours: 0,
        },
        runningSince: null,
        clusters: 0,
        segmentStart: window.startMs,
        lastQueryEndMs: null,
      };
      states.set(key, s);
    }
    return s;
  }

  /** Adds the segment [from, to) with `clusters` running clusters. */
  function addSegment(key: string, s: State, from: number, to: number): void {
    if (to <= from || s.clusters <= 0) return;
    const map = hours.get(key);
    s.activity.runningHours += (to - from) / HOUR_MS;
    s.activity.clusterHours += (s.clusters * (to - from)) / HOUR_MS;
    for (let h = Math.floor(from / HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) {
      const overlap = (Math.min(to, h + HOUR_MS) - Math.max(from, h)) / HOUR_MS;
      const q = map?.get(h);
      if (q === undefined || q.queries === 0) s.activity.idleHours += overlap;
      if (q === undefined || q.queued === 0) s.activity.extraClusterIdleHours += (s.clusters - 1) * overlap;
      if (q?.lastEndMs !== null && q?.lastEndMs !== undefined && q.lastEndMs <= to) {
        s.lastQueryEndMs = Math.max(s.lastQueryEndMs ?? 0, q.lastEndMs);
      }
    }
  }

  function stop(key: string, s: State, at: number): void {
    if (s.runningSince === null) return;
    addSegment(key, s, s.segmentStart, at);
    const lastActivity = Math.max(s.runningSince, s.lastQueryEndMs ?? s.runningSince);
    s.activity.idleTailHours += Math.max(0, at - lastActivity) / HOUR_MS;
    if (at > lastActivity) s.activity.idleTailCount += 1;
    s.runningSince = null;
    s.clusters = 0;
    s.lastQueryEndMs = null;
  }

  return {
    addQueryHour(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const warehouseId = toId(row.warehouse_id);
      if (workspaceId === undefined || warehouseId === undefined) return;
      const hour = Math.floor(toEpochMs(row.hour_start) / HOUR_MS) * HOUR_MS;
      const map = hourMap(resourceKey(workspaceId, warehouseId));
      const previous = map.get(hour);
      const lastEnd =
        row.last_end_time === null || row.last_end_time === undefined ? null : toEpochMs(row.last_end_time);
      map.set(hour, {
        queries: (previous?.queries ?? 0) + toNumber(row.query_count),
        queued: (previous?.queued ?? 0) + toNumber(row.queued_count),
        lastEndMs: lastEnd === null ? (previous?.lastEndMs ?? null) : Math.max(lastEnd, previous?.lastEndMs ?? 0),
      });
    },
    addEvent(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const warehouseId = toId(row.warehouse_id);
      if (workspaceId === undefined || warehouseId === undefined) return;
      const key = resourceKey(workspaceId, warehouseId);
      const isNew = !states.has(key);
      const s = state(key);
      const eventMs = toEpochMs(row.event_time);
      const at = Math.min(Math.max(eventMs, window.startMs), window.endMs);
      const count = Math.max(0, toNumber(row.cluster_count));
      const type = String(row.event_type);
      if (eventMs < window.startMs) {
        // The last event before the window: the warehouse's state at the window start.
        const running = type !== 'STOPPING' && type !== 'STOPPED';
        s.runningSince = running ? window.startMs : null;
        s.segmentStart = window.startMs;
        s.clusters = running ? Math.max(1, count) : 0;
        return;
      }
      if (isNew && type !== 'STARTING' && type !== 'RUNNING') {
        // Running since before the window: the first event is a scale or stop event.
        s.runningSince = window.startMs;
        s.segmentStart = window.startMs;
        s.clusters =
          type === 'SCALED_UP' ? Math.max(1, count - 1) : type === 'SCALED_DOWN' ? count + 1 : Math.max(1, count);
      }
      switch (type) {
        case 'STARTING':
        case 'RUNNING':
        case 'SCALED_UP':
        case 'SCALED_DOWN':
          if (s.runningSince === null) {
            s.runningSince = at;
            s.segmentStart = at;
            s.clusters = Math.max(1, count);
          } else {
            addSegment(key, s, s.segmentStart, at);
            s.segmentStart = at;
            s.clusters = Math.max(type === 'SCALED_DOWN' ? 0 : 1, count);
          }
          break;
        case 'STOPPING':
        case 'STOPPED':
          stop(key, s, at);
          break;
        default:
          break;
      }
    },
    /** Closes running intervals at the window end and returns activity per `workspaceId|warehouseId`. */
    finish(): Map<string, WarehouseActivity> {
      const out = new Map<string, WarehouseActivity>();
      for (const [key, s] of states) {
        stop(key, s, window.endMs);
        out.set(key, s.activity);
      }
      return out;
    },
  };
}
