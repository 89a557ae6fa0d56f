import { toId, toNumber } from './values.ts';

/** Work a pipeline's flows did in the window, from flow_progress events. */
export interface PipelineActivity {
  /** Distinct hours of the window with at least one flow_progress event reporting num_output_rows > 0, hours. */
  activeHours: number;
  /** Sum of flow_progress num_output_rows over the window, rows. */
  outputRows: number;
}

/**
 * Streaming builder for `pipeline-activity-hours` rows (pipeline_id, progress_events, active_hours, output_rows as
 * BIGINT; system.lakeflow_pipeline_events_preview.pipeline_events, Beta,
 * https://docs.databricks.com/aws/en/admin/system-tables/pipeline-events). `get` is undefined for a pipeline with
 * no flow_progress event in the window: the table lags or the pipeline emitted none, so its work is unknown, not 0.
 * Keyed by pipeline id alone: pipeline ids are UUIDs. Memory: one entry per pipeline.
 */
export function createPipelineActivityFacts(): {
  add(row: Readonly<Record<string, unknown>>): void;
  get(pipelineId: string): PipelineActivity | undefined;
} {
  const byPipeline = new Map<string, PipelineActivity>();
  return {
    add(row) {
      const id = toId(row.pipeline_id);
      if (id === undefined || toNumber(row.progress_events) <= 0) return;
      const seen = byPipeline.get(id) ?? { activeHours: 0, outputRows: 0 };
      seen.activeHours += toNumber(row.active_hours);
      seen.outputRows += toNumber(row.output_rows);
      byPipeline.set(id, seen);
    },
    get(pipelineId) {
      return byPipeline.get(pipelineId);
    },
  };
}
