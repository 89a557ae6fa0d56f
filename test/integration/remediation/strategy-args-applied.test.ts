import { describe, expect, it } from 'vitest';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { createWorkspaceApi } from '../../../src/databricks/rest/write/create-workspace-api.ts';
import { executeAction } from '../../../src/remediation/execute-action.ts';
import { createFakeDatabricksWorkspace } from '../../support/fake-databricks-workspace.ts';
import { server } from '../../support/msw.ts';
import { queuedAction, remediationHarness } from '../../support/remediation-harness.ts';
import { buildJob } from '../../support/resource-builders.ts';
import { findingOf } from '../../support/rule-harness.ts';

describe('strategies apply every argument their rule declares: plan shown = written = read back', () => {
  it('job-retries (job-unbounded-retries): max_retries and min_retry_interval_millis', async () => {
    const load = { task_key: 'load', max_retries: -1, notebook_task: { notebook_path: '/Jobs/load' } };
    const report = { task_key: 'report', max_retries: 1, min_retry_interval_millis: 0 };
    const finding = findingOf(
      'job-unbounded-retries',
      buildJob({ id: '101', config: { tasks: [load, report] }, facts: { retryCostUsd: 100, retryRuns: 4 } }),
    );
    // The rule declares both arguments; the plan (what the issue shows) carries both.
    expect(Object.keys(finding.plan.args).sort()).toEqual(['max_retries', 'min_retry_interval_millis']);
    const dbx = createFakeDatabricksWorkspace();
    server.use(...dbx.handlers);
    dbx.jobs.set('101', { job_id: 101, settings: { name: 'nightly', tasks: [load, report] } });
    const { deps } = remediationHarness();
    const api = createWorkspaceApi({
      host: dbx.host,
      auth: createPatTokenProvider(dbx.token),
      version: 'test',
      sleep: async () => undefined,
    });
    const action = queuedAction({
      strategy: 'job-retries',
      resource: { workspaceId: '1234567890', kind: 'job', id: '101' },
      plan: { changes: finding.plan.changes, risk: finding.plan.risk, restarts: finding.plan.restarts },
    });
    await deps.actions.claim(action);
    const done = await executeAction({ ...deps, api }, action);
    expect(done.state).toBe('verified');
    const written = (dbx.jobs.get('101')?.settings as { tasks: Array<Record<string, unknown>> }).tasks;
    const shown = Object.fromEntries(finding.plan.changes.map((c) => [c.field, c.after]));
    expect(shown).toEqual({ 'tasks[load].max_retries': 3, 'tasks[load].min_retry_interval_millis': 60000 });
    expect(written.find((t) => t.task_key === 'load')).toEqual({
      ...load,
      max_retries: 3,
      min_retry_interval_millis: 60000,
    });
    expect(written.find((t) => t.task_key === 'report')).toEqual(report);
    expect(done.observedValue).toEqual(shown);
  });
});
