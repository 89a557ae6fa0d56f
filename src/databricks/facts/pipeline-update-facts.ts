import type { PipelineUpdateInfo } from '../rest/schemas.ts';

/** Update counts of one pipeline in the window (PipelineFacts `updates`, `scheduledUpdates`, `updateDays`). */
export interface PipelineUpdateCounts {
  updates: number;
  /** Updates with cause JOB_TASK: started by a job's pipeline task, i.e. a job schedule or trigger. */
  scheduledUpdates: number;
  /** Distinct UTC days with at least one update created, days. */
  updateDays: number;
}

/**
 * Counts a pipeline's updates created in the window (REST `GET /api/2.0/pipelines/{id}/updates`, metadata only:
 * `creation_time` epoch ms and `cause`, https://docs.databricks.com/api/workspace/pipelines/listupdates).
 * `scheduledUpdates` counts cause JOB_TASK only: the API has no cause for the legacy pipeline cron trigger, so a
 * cron-triggered pipeline is recognised by its spec (`config.trigger_cron`), not by its updates.
 * Updates without `creation_time` are not counted.
 */
export function pipelineUpdateCounts(updates: readonly PipelineUpdateInfo[]): PipelineUpdateCounts {
  const days = new Set<string>();
  let counted = 0;
  let scheduled = 0;
  for (const update of updates) {
    if (update.creation_time === undefined) continue;
    counted += 1;
    if (update.cause === 'JOB_TASK') scheduled += 1;
    days.add(new Date(update.creation_time).toISOString().slice(0, 10));
  }
  return { updates: counted, scheduledUpdates: scheduled, updateDays: days.size };
}
