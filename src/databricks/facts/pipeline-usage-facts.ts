import { resourceKey, toEpochMs, toId, toNumber } from './values.ts';

/** Cost of one pipeline over the window: DBUs, list cost (USD) and the hours with usage billed to it. */
export interface PipelineUsage {
  dbus: number;
  costUsd: number;
  /** Distinct hours (of usage_start_time) whose net DBUs are above 0, hours. */
  billedHours: number;
}

/**
 * Streaming builder for `usage-by-pipeline-hour` rows (workspace_id, pipeline_id = usage_metadata.dlt_pipeline_id,
 * usage_hour TIMESTAMP truncated to the hour, dbus DECIMAL string, list_cost_usd DECIMAL string;
 * https://docs.databricks.com/aws/en/admin/system-tables/billing). Rows of the same pipeline and hour are netted
 * (RETRACTION/RESTATEMENT records carry negative quantities) before an hour counts as billed. Memory: pipelines ×
 * hours of the window.
 */
export function createPipelineUsageFacts(): {
  add(row: Readonly<Record<string, unknown>>): void;
  get(workspaceId: string, pipelineId: string): PipelineUsage | undefined;
} {
  const hours = new Map<string, Map<number, { dbus: number; costUsd: number }>>();
  return {
    add(row) {
      const ws = toId(row.workspace_id);
      const id = toId(row.pipeline_id);
      if (ws === undefined || id === undefined) return;
      const key = resourceKey(ws, id);
      let byHour = hours.get(key);
      if (byHour === undefined) {
        byHour = new Map();
        hours.set(key, byHour);
      }
      const hour = Math.floor(toEpochMs(row.usage_hour) / 3_600_000);
      const seen = byHour.get(hour) ?? { dbus: 0, costUsd: 0 };
      seen.dbus += toNumber(row.dbus);
      seen.costUsd += toNumber(row.list_cost_usd);
      byHour.set(hour, seen);
    },
    get(workspaceId, pipelineId) {
      const byHour = hours.get(resourceKey(workspaceId, pipelineId));
      if (byHour === undefined) return undefined;
      const usage: PipelineUsage = { dbus: 0, costUsd: 0, billedHours: 0 };
      for (const hour of byHour.values()) {
        usage.dbus += hour.dbus;
        usage.costUsd += hour.costUsd;
        if (hour.dbus > 0) usage.billedHours += 1;
      }
      return usage;
    },
  };
}
