import type { StrategyExecutor } from '../executor.ts';
import { settingsOf } from './job-settings.ts';

/** `jobs/update` with `new_settings: {timeout_seconds}` (a top-level field; absent reads as 0 = no timeout). */
export const jobTimeoutExecutor: StrategyExecutor = {
  strategy: 'job-timeout',
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
};
