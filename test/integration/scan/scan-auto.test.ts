import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { buildCluster, buildWarehouse } from '../../support/resource-builders.ts';
import { createHarness, type Harness, WAREHOUSE_ID } from '../approvals/approval-harness.ts';

/*
 * `auto` end to end through the real composition root (createServices → scanCommand → runScan → applyAuto),
 * against the stateful Jira fake and the Databricks REST fake (msw): docs/approvals.md "Autonomy: auto".
 */

const RULE = 'warehouse-auto-stop-too-long';

let harness: Harness | undefined;
afterEach(async () => {
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

function auto(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    autonomy: { byRule: { [RULE]: 'auto' } },
    auto: { scope: "resource.tags.team == 'payments'", noticeHours: 0, maxSavingsUsdPerMonth: 5000, ...overrides },
  };
}

function issueOf(h: Harness, issueId: string) {
  const issue = h.jira.state.issues.find((i) => i.id === issueId);
  if (issue === undefined) throw new Error(`no issue ${issueId}`);
  return { status: issue.statusName, comments: issue.comments.map((c) => JSON.stringify(c.body)) };
}

function edits(h: Harness) {
  return h.dbx.appliedWrites().filter((c) => c.path === `/api/2.0/sql/warehouses/${WAREHOUSE_ID}/edit`);
}

/** The harness warehouse with other tags. */
function warehouseTagged(tags: Record<string, string>) {
  return buildWarehouse({
    id: WAREHOUSE_ID,
    name: 'payments-sql',
    tags,
    config: { auto_stop_mins: 0, state: 'RUNNING' },
    facts: { idleTailHours: 200 },
    series: { costUsd: [41.25, 39.8, 44.1, 40.05] },
  });
}

/** A maintenance window 12 hours away from now (never open during the test). */
function closedWindow(): { cron: string; timezone: string } {
  return { cron: `* ${(new Date().getUTCHours() + 12) % 24} * * *`, timezone: 'UTC' };
}

describe('auto end to end: scan → guardrails → Databricks → read-back → issue resolved', () => {
  it('applies a finding within scope, verifies it and files the issue resolved with the evidence', async () => {
    const h = await createHarness({
      remediation: auto({ windows: [{ cron: '* * * * *', timezone: 'Europe/Berlin' }] }),
    });
    harness = h;
    const { issueId } = await h.scan();

    const writes = edits(h);
    expect(writes).toHaveLength(1);
    const target = (writes[0]?.body as { auto_stop_mins?: number } | undefined)?.auto_stop_mins;
    expect(target).toBeGreaterThanOrEqual(10);
    expect(h.dbx.warehouses.get(WAREHOUSE_ID)?.auto_stop_mins).toBe(target);
    const [action] = await h.ports.actions.listByStates(['verified']);
    expect(action?.approver).toBeNull();
    expect(action?.previousValue).toEqual({ auto_stop_mins: 0 });
    expect(action?.observedValue).toEqual({ auto_stop_mins: target });
    const issue = issueOf(h, issueId);
    expect(issue.status).toBe('Done');
    expect(issue.comments.join('\n')).toContain('lakewarden applied this change on its own (autonomy auto');
    expect(issue.comments.join('\n')).toContain('nobody (automatic action)');
  });

  it.each([
    ['outside the scope', auto(), { team: 'data' }, 'outside remediation.auto.scope'],
    ['opted out by its owner', auto(), { team: 'payments', lakewarden_auto: 'off' }, 'tagged lakewarden_auto: off'],
    [
      'outside the maintenance window',
      auto({ windows: [closedWindow()] }),
      { team: 'payments' },
      'maintenance windows',
    ],
    ['over the per-scan blast radius', auto({ maxPerScan: 0 }), { team: 'payments' }, 'remediation.auto.maxPerScan'],
    [
      'over the share of its kind',
      auto({ maxShareOfKind: 0 }),
      { team: 'payments' },
      'remediation.auto.maxShareOfKind',
    ],
    ['over the hourly limit', auto({ maxPerHour: 0 }), { team: 'payments' }, 'remediation.auto.maxPerHour'],
    [
      'with a strategy not allowed',
      auto({ strategies: ['job-retries'] }),
      { team: 'payments' },
      'remediation.auto.strategies',
    ],
  ])('files the issue for approval with the reason when %s', async (_name, remediation, tags, reason) => {
    const h = await createHarness({ remediation });
    harness = h;
    const { issueId } = await h.scan({ resources: [warehouseTagged(tags)] });

    expect(edits(h)).toHaveLength(0);
    const issue = issueOf(h, issueId);
    expect(issue.status).toBe('To Do');
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]).toContain(reason);
    expect(issue.comments[0]).toContain('waits for an approval');
    // A later scan does not comment the same reason again.
    await h.scan({ resources: [warehouseTagged(tags)] });
    expect(issueOf(h, issueId).comments).toHaveLength(1);
  });

  it('delivers every comment of the scan, beyond one relay batch', async () => {
    const h = await createHarness({ remediation: auto() });
    harness = h;
    const resources = Array.from({ length: 23 }, (_, i) => {
      const w = warehouseTagged({ team: 'data' });
      return { ...w, id: `wh-data-${i}`, name: `data-sql-${i}` };
    });
    await h.scan({ resources });
    const issues = h.jira.state.issues.filter((i) => i.labels.includes(`lw-rule-${RULE}`));
    expect(issues).toHaveLength(23);
    for (const issue of issues) expect(issue.comments).toHaveLength(1);
  });

  it('waits for the notice period, then applies on a later scan', async () => {
    const h = await createHarness({ remediation: auto({ noticeHours: 24 }) });
    harness = h;
    const { issueId } = await h.scan();
    expect(edits(h)).toHaveLength(0);
    expect(issueOf(h, issueId).status).toBe('To Do');
    const description = JSON.stringify(h.jira.state.issues.find((i) => i.id === issueId)?.description);
    expect(description).toContain('remediation.auto.noticeHours');

    // A scan before the notice ends changes nothing.
    await h.scan();
    expect(edits(h)).toHaveLength(0);

    // 25 hours later (the filed plan's time moved back, as the clock would), the next scan applies it.
    await ageFiledPlan(h, 25);
    await h.scan();
    expect(edits(h)).toHaveLength(1);
    expect(issueOf(h, issueId).status).toBe('Done');
  });

  it('does not apply a finding its owner declined during the notice period', async () => {
    const h = await createHarness({ remediation: auto({ noticeHours: 24 }) });
    harness = h;
    const { issueId, issueKey } = await h.scan();
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, "Won't Do");
    await ageFiledPlan(h, 25);
    await h.scan();
    expect(edits(h)).toHaveLength(0);
    expect(issueOf(h, issueId).status).toBe("Won't Do");
    expect(await h.ports.actions.listByStates(['queued', 'applying', 'verifying', 'verified'])).toHaveLength(0);
  });

  it('never writes in a remediation dry run', async () => {
    const h = await createHarness({ dryRun: true, remediation: auto() });
    harness = h;
    const { issueId } = await h.scan();
    expect(edits(h)).toHaveLength(0);
    expect(issueOf(h, issueId).status).toBe('To Do');
    expect(h.logs.join('')).toContain('DRY-RUN: would apply warehouse-auto-stop');
  });
});

describe('auto and the restart policy', () => {
  const CLUSTER_ID = '0923-164208-abcd1234';
  const CLUSTER_RULE = 'cluster-no-auto-termination';

  async function runningCluster(): Promise<{ h: Harness; issueId: string; issueKey: string }> {
    const h = await createHarness({
      rules: [CLUSTER_RULE],
      remediation: {
        restartPolicy: 'require_terminated',
        autonomy: { byRule: { [CLUSTER_RULE]: 'auto' } },
        auto: { scope: "resource.tags.team == 'payments'", noticeHours: 0, maxSavingsUsdPerMonth: 100000 },
      },
    });
    harness = h;
    const config = {
      cluster_name: 'payments-shared',
      cluster_source: 'UI',
      state: 'RUNNING',
      autotermination_minutes: 0,
    };
    h.dbx.clusters.set(CLUSTER_ID, { cluster_id: CLUSTER_ID, ...config });
    const issue = await h.scan({
      ruleId: CLUSTER_RULE,
      resources: [
        buildCluster({
          id: CLUSTER_ID,
          name: 'payments-shared',
          tags: { team: 'payments' },
          config,
          facts: { idleHours: 50 },
        }),
      ],
    });
    return { h, ...issue };
  }

  it('parks a change to a RUNNING cluster and applies it once the cluster is terminated', async () => {
    const { h, issueId } = await runningCluster();
    expect(h.dbx.appliedWrites()).toEqual([]);
    const [parked] = await h.ports.actions.listByStates(['deferred']);
    expect(parked?.approver).toBeNull();
    expect(issueOf(h, issueId).comments.join('\n')).toContain('waiting for the cluster to terminate');

    const cluster = h.dbx.clusters.get(CLUSTER_ID);
    if (cluster !== undefined) cluster.state = 'TERMINATED';
    await h.runtime.recoverOnce({ staleMs: 0 });
    await h.drain();
    expect(h.dbx.appliedWrites().map((w) => w.path)).toEqual(['/api/2.1/clusters/update']);
    expect(await h.ports.actions.listByStates(['verified'])).toHaveLength(1);
    expect(issueOf(h, issueId).status).toBe('Done');
  });

  it('does not apply the parked change when the owner declined the issue meanwhile', async () => {
    const { h, issueId, issueKey } = await runningCluster();
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, "Won't Do");
    const cluster = h.dbx.clusters.get(CLUSTER_ID);
    if (cluster !== undefined) cluster.state = 'TERMINATED';
    await h.runtime.recoverOnce({ staleMs: 0 });
    await h.drain();
    expect(h.dbx.appliedWrites()).toEqual([]);
    expect(await h.ports.actions.listByStates(['refused'])).toHaveLength(1);
    expect(issueOf(h, issueId).comments.join('\n')).toContain('was moved to \\"Won\'t Do\\"');
  });
});

/** Moves the filed plan's `filedAt` back by `hours` (the notice period is counted from it). */
async function ageFiledPlan(h: Harness, hours: number): Promise<void> {
  const issue = h.jira.state.issues.find((i) => i.labels.includes(`lw-rule-${RULE}`));
  const record = (await h.store.listIssues()).find((r) => r.issueId === issue?.id);
  if (record === undefined) throw new Error('no issue record');
  // The scan never moves filed_at of a kept plan (filed-plan-rows.ts), so the test writes it directly.
  await h.store.db
    .updateTable('filed_plans')
    .set({ filed_at: new Date(Date.now() - hours * 3_600_000).toISOString() })
    .where('fingerprint', '=', record.fingerprint)
    .execute();
}
