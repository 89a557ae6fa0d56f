import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';

/**
 * Sets a job's `timeout_seconds` with `jobs/update` (a timeout change applies to active runs too;
 * docs.databricks.com/api/workspace/jobs/update).
 */
export const jobTimeout: StrategyDefinition<{ timeout_seconds: number }> = {
  name: 'job-timeout',
  description: 'Set the job timeout (settings.timeout_seconds).',
  kinds: ['job'],
  operations: ['GET /api/2.2/jobs/get', 'POST /api/2.2/jobs/update'],
  args: z.object({ timeout_seconds: z.number().int().min(60).max(172_800) }),
  plan(resource, args) {
    if (resource.kind !== 'job') throw new Error('job-timeout applies to jobs');
    return {
      changes: [{ field: 'timeout_seconds', before: resource.config.timeout_seconds, after: args.timeout_seconds }],
      risk: 'Runs longer than the timeout are cancelled, including a run active when the change lands.',
      restarts: false,
    };
  },
};
