import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';

/**
 * Bounds task retries: sets `max_retries` (and a minimum retry interval) on every task with unbounded or
 * excessive retries. `jobs/update` replaces a task whole, so the executor sends the full task object for
 * its `task_key`, never `jobs/reset` (databricks.md §4.5).
 */
export const jobRetries: StrategyDefinition<{ max_retries: number; min_retry_interval_millis: number }> = {
  name: 'job-retries',
  description: 'Bound task retries (max_retries, min_retry_interval_millis) task by task.',
  kinds: ['job'],
  operations: ['GET /api/2.2/jobs/get', 'POST /api/2.2/jobs/update'],
  args: z.object({
    max_retries: z.number().int().min(0).max(10),
    min_retry_interval_millis: z.number().int().min(0).max(3_600_000),
  }),
  plan(resource, args) {
    if (resource.kind !== 'job') throw new Error('job-retries applies to jobs');
    const changes = resource.config.tasks
      .filter((t) => t.max_retries !== undefined && (t.max_retries < 0 || t.max_retries > args.max_retries))
      .map((t) => ({ field: `tasks[${t.task_key}].max_retries`, before: t.max_retries, after: args.max_retries }));
    return {
      changes,
      risk: 'A failing task stops after the bounded retries instead of retrying indefinitely; the run then fails and alerts its owners.',
      restarts: false,
    };
  },
};
