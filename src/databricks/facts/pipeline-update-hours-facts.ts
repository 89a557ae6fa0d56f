import { toEpochMs, toId } from './values.ts';

const HOUR_MS = 3_600_000;

/**
 * Streaming builder for `pipeline-update-hours` rows (pipeline_id, update_id, update_start, update_end: the first
 * `period_start_time` and last `period_end_time` of one update in system.lakeflow.pipeline_update_timeline, Public
 * Preview, https://docs.databricks.com/aws/en/admin/system-tables/jobs#pipeline-update-timeline; columns as listed on
 * https://www.databricks.com/devhub/docs/lakehouse/pipelines). `hoursOf` is the time the pipeline's updates ran
 * inside the window [startMs, endMs): each update clipped to the window, overlapping updates counted once (one
 * pipeline runs one update at a time, https://docs.databricks.com/api/workspace/pipelines/startupdate, so overlaps
 * are not expected; the union makes the sum safe anyway). Rows without an id, a start or an end
 * are skipped. Keyed by pipeline id alone: pipeline ids are UUIDs. Memory: updates in the window.
 */
export function createPipelineUpdateHoursFacts(window: { startMs: number; endMs: number }): {
  add(row: Readonly<Record<string, unknown>>): void;
  /** Hours the pipeline's updates ran in the window; undefined when the table has no update of it. */
  hoursOf(pipelineId: string): number | undefined;
} {
  const periods = new Map<string, Array<[number, number]>>();
  return {
    add(row) {
      const id = toId(row.pipeline_id);
      if (id === undefined || row.update_start == null || row.update_end == null) return;
      const start = Math.max(toEpochMs(row.update_start), window.startMs);
      const end = Math.min(toEpochMs(row.update_end), window.endMs);
      let list = periods.get(id);
      if (list === undefined) {
        list = [];
        periods.set(id, list);
      }
      // An update outside the window still shows the table knows the pipeline: it adds 0 hours.
      list.push([start, Math.max(start, end)]);
    },
    hoursOf(pipelineId) {
      const list = periods.get(pipelineId);
      if (list === undefined) return undefined;
      const sorted = [...list].sort((a, b) => a[0] - b[0]);
      let total = 0;
      let open: [number, number] | undefined;
      for (const [start, end] of sorted) {
        if (open === undefined || start > open[1]) {
          if (open !== undefined) total += open[1] - open[0];
          open = [start, end];
        } else if (end > open[1]) open[1] = end;
      }
      if (open !== undefined) total += open[1] - open[0];
      return total / HOUR_MS;
    },
  };
}
