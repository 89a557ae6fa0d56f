import { describe, expect, it } from 'vitest';
import { buildRollbackAction, isUndoable } from '../../../src/approvals/build-rollback-action.ts';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { createWorkspaceApi } from '../../../src/databricks/rest/write/create-workspace-api.ts';
import { executeAction } from '../../../src/remediation/execute-action.ts';
import type { Resource } from '../../../src/snapshot/schema.ts';
import {
  createFakeDatabricksWorkspace,
  type FakeDatabricksWorkspace,
} from '../../support/fake-databricks-workspace.ts';
import { server } from '../../support/msw.ts';
import { queuedAction, remediationHarness } from '../../support/remediation-harness.ts';
import { buildCluster, buildJob, buildWarehouse } from '../../support/resource-builders.ts';
import { findingOf } from '../../support/rule-harness.ts';

/** Seeds the REST fake with the resource as Databricks returns it; @returns a reader of the stored object's fields. */
function seed(dbx: FakeDatabricksWorkspace, resource: Resource): (field: string) => unknown {
  switch (resource.kind) {
    case 'warehouse':
      dbx.warehouses.set(resource.id, { id: resource.id, ...resource.config });
      return (field) => dbx.warehouses.get(resource.id)?.[field];
    case 'cluster':
      dbx.clusters.set(resource.id, { cluster_id: resource.id, ...resource.config });
      return (field) => dbx.clusters.get(resource.id)?.[field];
    case 'job':
      dbx.jobs.set(resource.id, { job_id: Number(resource.id), settings: { ...resource.config } });
      return (field) => {
        const settings = dbx.jobs.get(resource.id)?.settings as Record<string, unknown>;
        const [, taskKey, name] = /^tasks\[([\w-]+)\]\.(\w+)$/.exec(field) ?? [];
        if (taskKey === undefined || name === undefined) return settings[field];
        const tasks = settings.tasks as Array<Record<string, unknown>>;
        const found = tasks.find((t) => t.task_key === taskKey);
        return name === 'min_retry_interval_millis' ? (found?.[name] ?? 0) : found?.[name];
      };
    default:
      throw new Error(`no seed for ${resource.kind}`);
  }
}

/** One triggering resource per rule whose strategy writes (the inputs of test/unit/rules). */
const CASES: Array<[rule: string, resource: Resource]> = [
  ['warehouse-auto-stop-too-long', buildWarehouse({ config: { auto_stop_mins: 0 }, facts: { idleTailHours: 40 } })],
  [
    'warehouse-oversized',
    buildWarehouse({
      config: { cluster_size: 'Large' },
      facts: { utilizationPct: 5, queriesWithSpill: 0, queuedQueries: 0, runningHours: 100 },
    }),
  ],
  [
    'warehouse-idle-extra-clusters',
    buildWarehouse({ config: { min_num_clusters: 2, max_num_clusters: 4 }, facts: { extraClusterIdleHours: 100 } }),
  ],
  ['cluster-no-auto-termination', buildCluster({ config: { autotermination_minutes: 0 }, facts: { idleHours: 50 } })],
  [
    'job-no-timeout-runaway',
    buildJob({
      id: '202',
      config: { timeout_seconds: 0 },
      facts: { runawayRuns: 2, runawayCostUsd: 90, p95DurationSec: 1200 },
    }),
  ],
  [
    'job-unbounded-retries',
    buildJob({
      id: '101',
      config: {
        tasks: [
          { task_key: 'load', max_retries: -1 },
          { task_key: 'report', max_retries: 1, min_retry_interval_millis: 0 },
        ],
      },
      facts: { retryCostUsd: 100, retryRuns: 4 },
    }),
  ],
];

describe('each strategy against the Databricks REST fake: plan shown = written = read back, then rolled back', () => {
  for (const [rule, resource] of CASES) {
    it(`${rule}: applies every planned field, reads it back, and a rollback restores the values before`, async () => {
      const finding = findingOf(rule, resource);
      const { changes, risk, restarts } = finding.plan;
      expect(changes.length).toBeGreaterThan(0);
      const dbx = createFakeDatabricksWorkspace();
      server.use(...dbx.handlers);
      const stored = seed(dbx, resource);
      const h = remediationHarness();
      const deps = {
        ...h.deps,
        api: createWorkspaceApi({
          host: dbx.host,
          auth: createPatTokenProvider(dbx.token),
          version: 'test',
          sleep: async () => undefined,
        }),
      };
      const action = queuedAction({
        strategy: finding.plan.strategy,
        resource: { workspaceId: resource.workspaceId, kind: resource.kind as 'warehouse', id: resource.id },
        plan: { changes, risk, restarts },
      });
      await h.actions.claim(action);
      const done = await executeAction(deps, action);
      expect(done.state).toBe('verified');
      const shown = Object.fromEntries(changes.map((c) => [c.field, c.after]));
      expect(Object.fromEntries(changes.map((c) => [c.field, stored(c.field)]))).toEqual(shown);
      expect(done.observedValue).toEqual(shown);

      if (!isUndoable(done)) throw new Error('verified change without previous values');
      const rollback = buildRollbackAction(done, {
        id: `rb-${done.id}`,
        actionKey: `rollback:cli:${done.id}`,
        approver: done.approver,
        approvedAt: done.approvedAt,
        changelogId: null,
        now: new Date('2026-09-26T11:00:00Z'),
      });
      await h.actions.claim(rollback);
      const restored = await executeAction({ ...deps, restore: true }, rollback);
      expect(restored.state).toBe('verified');
      expect(Object.fromEntries(changes.map((c) => [c.field, stored(c.field)]))).toEqual(
        Object.fromEntries(changes.map((c) => [c.field, c.before])),
      );
      expect((await h.actions.get(done.id))?.state).toBe('rolled_back');
      const comment = JSON.stringify(h.outbox.items.filter((i) => i.actionId === rollback.id));
      expect(comment).toContain('rolled back its change as requested');
    });
  }
});
