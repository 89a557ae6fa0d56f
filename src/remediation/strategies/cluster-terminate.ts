import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';

/** Terminates an idle all-purpose cluster (`clusters/delete` = terminate, not permanent delete). */
export const clusterTerminate: StrategyDefinition<Record<string, never>> = {
  name: 'cluster-terminate',
  description: 'Terminate an idle running cluster (it can be started again; configuration is kept).',
  kinds: ['cluster'],
  operations: ['GET /api/2.1/clusters/get', 'POST /api/2.1/clusters/delete'],
  args: z.object({}).strict() as z.ZodType<Record<string, never>>,
  plan(resource) {
    if (resource.kind !== 'cluster') throw new Error('cluster-terminate applies to clusters');
    return {
      changes: [{ field: 'state', before: resource.config.state ?? 'RUNNING', after: 'TERMINATED' }],
      risk: 'Attached notebooks lose their session state; the cluster keeps its configuration and can be restarted.',
      restarts: false,
    };
  },
};
