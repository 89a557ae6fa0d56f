import { z } from 'zod';
import { intBetween } from '../field-bounds.ts';
import type { StrategyDefinition } from '../strategy.ts';

/**
 * Sets an all-purpose cluster's `autotermination_minutes` (10–1440) with `clusters/update` and
 * `update_mask: autotermination_minutes` — never clusters/edit, which needs the whole spec incl. spark_conf.
 * A RUNNING cluster restarts (https://docs.databricks.com/api/workspace/clusters/update); job clusters
 * (cluster_source JOB) cannot be edited. An absent value reads as 0 (= never terminates).
 */
export const clusterAutoTermination: StrategyDefinition<{ autotermination_minutes: number }> = {
  name: 'cluster-auto-termination',
  description: 'Set the cluster auto-termination (autotermination_minutes).',
  kinds: ['cluster'],
  operations: ['getCluster', 'updateCluster'],
  fields: [{ path: 'autotermination_minutes', kinds: ['cluster'], ...intBetween(10, 1440, 'minutes') }],
  args: z.object({ autotermination_minutes: z.number().int().min(10).max(1440) }),
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
  executor: {
    async read(api, target) {
      const cluster = await api.getCluster(target.id);
      if (cluster === null) return null;
      return {
        values: { autotermination_minutes: cluster.autotermination_minutes ?? 0 },
        state: typeof cluster.state === 'string' ? cluster.state : undefined,
      };
    },
    async apply(api, target, changes) {
      const change = changes.find((c) => c.field === 'autotermination_minutes');
      if (change === undefined) return;
      await api.updateCluster(target.id, {
        update_mask: 'autotermination_minutes',
        cluster: { autotermination_minutes: change.after },
      });
    },
    async rollback(api, target, previous) {
      await api.updateCluster(target.id, {
        update_mask: 'autotermination_minutes',
        cluster: { autotermination_minutes: previous.autotermination_minutes },
      });
    },
    usesClusterUpdate: () => true,
  },
};
