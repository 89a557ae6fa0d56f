import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';

/**
 * Sets an all-purpose cluster's `autotermination_minutes` (10…10000) with `clusters/update` and an
 * update mask. A RUNNING cluster restarts (docs.databricks.com/api/workspace/clusters/update); job
 * clusters (cluster_source JOB) cannot be edited.
 */
export const clusterAutoTermination: StrategyDefinition<{ autotermination_minutes: number }> = {
  name: 'cluster-auto-termination',
  description: 'Set the cluster auto-termination (autotermination_minutes).',
  kinds: ['cluster'],
  operations: ['GET /api/2.1/clusters/get', 'POST /api/2.1/clusters/update'],
  args: z.object({ autotermination_minutes: z.number().int().min(10).max(10_000) }),
  plan(resource, args) {
    if (resource.kind !== 'cluster') throw new Error('cluster-auto-termination applies to clusters');
    const running = resource.config.state === 'RUNNING';
    return {
      changes: [
        {
          field: 'autotermination_minutes',
          before: resource.config.autotermination_minutes,
          after: args.autotermination_minutes,
        },
      ],
      risk: running
        ? 'The cluster is RUNNING: editing it restarts it, interrupting attached notebooks and jobs. It will then terminate after the idle time.'
        : 'The cluster is terminated: the change applies at its next start; idle sessions will then end after the idle time.',
      restarts: running,
    };
  },
};
