import type { StrategyExecutor } from '../executor.ts';

/**
 * `clusters/update` with `update_mask: autotermination_minutes` (never clusters/edit, which needs the
 * whole spec incl. spark_conf). An absent value reads as 0 (= never terminates).
 */
export const clusterAutoTerminationExecutor: StrategyExecutor = {
  strategy: 'cluster-auto-termination',
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
};
