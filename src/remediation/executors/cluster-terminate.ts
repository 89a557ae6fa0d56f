import type { StrategyExecutor } from '../executor.ts';

/**
 * `clusters/delete` (terminate). The `state` field reads TERMINATING as TERMINATED (the termination
 * landed). No rollback: lakewarden never starts clusters.
 */
export const clusterTerminateExecutor: StrategyExecutor = {
  strategy: 'cluster-terminate',
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
};
