import { z } from 'zod';
import { oneOf } from '../field-bounds.ts';
import type { StrategyDefinition } from '../strategy.ts';

/**
 * Terminates an idle all-purpose cluster with `clusters/delete` (= terminate, not permanent delete; the
 * configuration is kept; https://docs.databricks.com/api/workspace/clusters/delete). The `state` field reads
 * TERMINATING as TERMINATED (the termination landed). No rollback: lakewarden never starts clusters.
 */
export const clusterTerminate: StrategyDefinition<Record<string, never>> = {
  name: 'cluster-terminate',
  description: 'Terminate an idle running cluster (it can be started again; configuration is kept).',
  kinds: ['cluster'],
  operations: ['getCluster', 'terminateCluster'],
  fields: [{ path: 'state', kinds: ['cluster'], ...oneOf(['TERMINATED']) }],
  args: z.object({}).strict() as z.ZodType<Record<string, never>>,
  plan(resource) {
    if (resource.kind !== 'cluster') throw new Error('cluster-terminate applies to clusters');
    return {
      changes: [{ field: 'state', before: resource.config.state ?? 'RUNNING', after: 'TERMINATED' }],
      risk: 'Attached notebooks lose their session state; the cluster keeps its configuration and can be restarted.',
      restarts: false,
    };
  },
  executor: {
    async read(api, target) {
      const cluster = await api.getCluster(target.id);
      if (cluster === null) return null;
      const raw = typeof cluster.state === 'string' ? cluster.state : undefined;
      const state = raw === 'TERMINATING' ? 'TERMINATED' : raw;
      return { values: { state }, state: raw };
    },
    async apply(api, target) {
      await api.terminateCluster(target.id);
    },
    usesClusterUpdate: () => false,
  },
};
