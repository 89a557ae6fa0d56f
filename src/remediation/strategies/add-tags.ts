import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';

/**
 * Adds missing cost tags. Clusters: `clusters/update` mask `custom_tags` (restarts a RUNNING cluster);
 * warehouses: `edit` with the complete `tags.custom_tags` list (< 45); jobs: `jobs/update` `tags` (≤ 25).
 * Values the bot cannot know are left for the owner ("to supply").
 */
export const addTags: StrategyDefinition<{ tags: Record<string, string>; missing: string[] }> = {
  name: 'add-tags',
  description: 'Add missing cost-attribution tags.',
  kinds: ['warehouse', 'cluster', 'job'],
  operations: [
    'GET /api/2.0/sql/warehouses/{id}',
    'POST /api/2.0/sql/warehouses/{id}/edit',
    'GET /api/2.1/clusters/get',
    'POST /api/2.1/clusters/update',
    'GET /api/2.2/jobs/get',
    'POST /api/2.2/jobs/update',
  ],
  args: z.object({ tags: z.record(z.string(), z.string()).default({}), missing: z.array(z.string()).min(1) }),
  plan(resource, args) {
    const changes = args.missing.map((key) => ({
      field: `tags.${key}`,
      before: resource.tags[key] ?? null,
      after: args.tags[key] ?? '(owner to supply)',
    }));
    const running = resource.kind === 'cluster' && resource.config.state === 'RUNNING';
    return {
      changes,
      risk: running
        ? 'Tags on a RUNNING cluster apply through clusters/update, which restarts it. Tags change billing attribution only.'
        : 'Tags change billing attribution and reports only; workloads are not affected.',
      restarts: running,
    };
  },
};
