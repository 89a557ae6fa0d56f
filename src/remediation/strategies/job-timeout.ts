import { z } from 'zod';
import { intBetween } from '../field-bounds.ts';
import { settingsOf } from '../job-settings.ts';
import type { StrategyDefinition } from '../strategy.ts';

const MAX_TIMEOUT_SECONDS = 7 * 86_400;

/**
 * Sets a job's `timeout_seconds` (60 s – 7 days) with `jobs/update` `new_settings: {timeout_seconds}` (a
 * top-level field; absent reads as 0 = no timeout). A timeout change applies to active runs too
 * (https://docs.databricks.com/api/workspace/jobs/update).
 */
export const jobTimeout: StrategyDefinition<{ timeout_seconds: number }> = {
  name: 'job-timeout',
  description: 'Set the job timeout (settings.timeout_seconds).',
  kinds: ['job'],
  operations: ['getJob', 'updateJob'],
  fields: [{ path: 'timeout_seconds', kinds: ['job'], ...intBetween(60, MAX_TIMEOUT_SECONDS, 'seconds') }],
  args: z.object({ timeout_seconds: z.number().int().min(60).max(MAX_TIMEOUT_SECONDS) }),
  plan(resource, args) {
    if (resource.kind !== 'job') throw new Error('job-timeout applies to jobs');
    return {
      changes: [{ field: 'timeout_seconds', before: resource.config.timeout_seconds, after: args.timeout_seconds }],
      risk: 'Runs longer than the timeout are cancelled, including a run active when the change lands.',
      restarts: false,
    };
  },
  executor: {
    async read(api, target) {
      const job = await api.getJob(target.id);
      if (job === null) return null;
      return { values: { timeout_seconds: settingsOf(job).timeout_seconds ?? 0 }, state: undefined };
    },
    async apply(api, target, changes) {
      const change = changes.find((c) => c.field === 'timeout_seconds');
      if (change !== undefined) await api.updateJob(target.id, { timeout_seconds: change.after });
    },
    async rollback(api, target, previous) {
      await api.updateJob(target.id, { timeout_seconds: previous.timeout_seconds });
    },
    usesClusterUpdate: () => false,
  },
};
