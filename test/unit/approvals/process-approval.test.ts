import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ProcessApprovalDeps, processApproval } from '../../../src/approvals/process-approval.ts';
import { RemediationSection } from '../../../src/config/remediation-section.ts';
import type { WebhookHint } from '../../../src/intake/parse-webhook.ts';
import {
  approvalPolicy,
  BOT,
  fetchedIssue,
  fixtureChangelog,
  OWNER,
  statusEntry,
} from '../../support/approval-builders.ts';
import { autoStopRevalidator, fileAutoStopPlan, MemoryFiledPlans } from '../../support/filed-plans.ts';
import { MemoryApprovalJira } from '../../support/memory-approval-jira.ts';
import { remediationHarness } from '../../support/remediation-harness.ts';

/** The plan the scan filed on FINOPS-17 for warehouse wh-1 (auto_stop_mins 120 → 10) and the property it wrote. */
const FILING = fileAutoStopPlan({ issueId: '10452', issueKey: 'FINOPS-17', warehouseId: 'wh-1' });

function issueWith(overrides: Parameters<typeof fetchedIssue>[0] = {}) {
  return fetchedIssue({ property: FILING.property, ...overrides });
}

function setup(remediation: Record<string, unknown> = {}) {
  const h = remediationHarness();
  h.api.warehouses.set('wh-1', { id: 'wh-1', cluster_size: 'Medium', state: 'STOPPED', auto_stop_mins: 120 });
  const plans = new MemoryFiledPlans();
  plans.plans.set(FILING.filed.fingerprint, FILING.filed);
  const jira = new MemoryApprovalJira();
  jira.issues.set('10452', issueWith());
  let ids = 0;
  const deps: ProcessApprovalDeps = {
    jira,
    execute: h.deps,
    botAccountId: BOT,
    policy: approvalPolicy(),
    remediation: RemediationSection.parse({ dryRun: false, ...remediation }),
    newId: () => {
      ids += 1;
      return `act-${ids}`;
    },
    plans,
    revalidate: autoStopRevalidator(h.api),
  };
  return { h, jira, deps, plans };
}

function hint(overrides: Partial<WebhookHint> = {}): WebhookHint {
  return {
    source: 'jira-webhook',
    issueId: '10452',
    issueKey: 'FINOPS-17',
    actor: { accountId: OWNER, name: null, key: null },
    changelogId: '10871',
    statusChange: { from: '10001', fromName: 'To Do', to: '10100', toName: 'Approved' },
    transitionClaimed: false,
    ...overrides,
  };
}

describe('processApproval', () => {
  it('applies the approved plan once, verified, with evidence queued', async () => {
    const { h, deps } = setup();
    const outcome = await processApproval(deps, hint());
    expect(outcome).toMatchObject({ kind: 'executed', action: { state: 'verified', approver: { accountId: OWNER } } });
    expect(h.api.warehouses.get('wh-1')?.auto_stop_mins).toBe(10);
    expect(h.outbox.items.map((i) => i.kind)).toEqual(['comment', 'transition']);
  });

  it('two deliveries for one transition (two webhooks, or webhook + Automation) → one action key, one write', async () => {
    const { h, deps } = setup();
    const first = await processApproval(deps, hint());
    const second = await processApproval(
      deps,
      hint({ source: 'jira-automation', statusChange: null, transitionClaimed: true, changelogId: null }),
    );
    expect(first.kind).toBe('executed');
    expect(second).toEqual({ kind: 'duplicate', actionKey: first.kind === 'executed' ? first.action.actionKey : '' });
    expect(h.api.writes).toHaveLength(1);
    expect(h.actions.rows.size).toBe(1);
  });

  it('decides on the re-fetched issue: a late "Approved" after a re-open writes nothing', async () => {
    const { h, jira, deps } = setup();
    const changelog = [
      ...fixtureChangelog(),
      statusEntry('10900', OWNER, '2026-09-26T10:43:00.000+0000', 'Approved', "Won't Do"),
    ];
    jira.issues.set('10452', issueWith({ status: { id: '10200', name: "Won't Do" }, changelog }));
    expect(await processApproval(deps, hint())).toMatchObject({ kind: 'refused', reason: 'not_approved' });
    expect(h.api.writes).toEqual([]);
  });

  it('fails closed when the approver group lookup fails (retryable, no write, no comment yet)', async () => {
    const { h, jira, deps } = setup();
    const changelog = [
      ...fixtureChangelog().slice(0, 2),
      statusEntry('10871', 'approver-2', '2026-09-26T10:41:02.015+0000', 'To Do', 'Approved'),
    ];
    jira.issues.set('10452', issueWith({ changelog }));
    jira.groupLookupFails = true;
    const outcome = await processApproval(deps, hint({ actor: { accountId: 'approver-2', name: null, key: null } }));
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'group_lookup_failed', retryable: true });
    expect(h.api.writes).toEqual([]);
    expect(h.outbox.items).toEqual([]);
    jira.groupLookupFails = false;
    jira.groups.set('approver-2', ['grp-finops']);
    expect(
      await processApproval(deps, hint({ actor: { accountId: 'approver-2', name: null, key: null } })),
    ).toMatchObject({
      kind: 'executed',
    });
  });

  it('re-checks that the issue is still Approved right before the write', async () => {
    const { h, jira, deps } = setup();
    h.api.onRead = () => {
      jira.issues.set('10452', issueWith({ status: { id: '10001', name: 'To Do' } }));
    };
    expect(await processApproval(deps, hint())).toMatchObject({
      kind: 'executed',
      action: { state: 'refused', reason: 'not_approved' },
    });
    expect(h.api.writes).toEqual([]);
  });

  it('refuses the N+1th action of the hour with a comment and no write', async () => {
    const { h, deps } = setup({ limits: { perHour: 0 } });
    expect(await processApproval(deps, hint())).toMatchObject({ kind: 'refused', reason: 'limit_hour' });
    expect(h.api.writes).toEqual([]);
    expect(JSON.stringify(h.outbox.items[0]?.payload)).toContain('reached the limit of 0');
  });

  it('refuses every approval while the kill switch is on', async () => {
    const { h, deps } = setup();
    h.killSwitch.on = true;
    expect(await processApproval(deps, hint())).toMatchObject({ kind: 'refused', reason: 'kill_switch' });
    expect(h.api.writes).toEqual([]);
  });

  it('dry-run claims and records the action but writes nothing', async () => {
    const { h, deps } = setup({ dryRun: true });
    expect(await processApproval(deps, hint())).toMatchObject({
      kind: 'executed',
      action: { state: 'refused', reason: 'dry_run' },
    });
    expect(h.api.writes).toEqual([]);
  });

  it('property: any duplicated, reordered, concurrent mix of deliveries of one approval applies at most once', async () => {
    const delivery = fc.record({
      source: fc.constantFrom<WebhookHint['source']>('jira-webhook', 'jira-automation'),
      withChangelogId: fc.boolean(),
      withStatusItem: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(delivery, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (deliveries, concurrent) => {
          const { h, deps } = setup();
          const hints = deliveries.map((d) =>
            hint({
              source: d.source,
              changelogId: d.withChangelogId ? '10871' : null,
              statusChange: d.withStatusItem ? hint().statusChange : null,
              transitionClaimed: !d.withStatusItem,
            }),
          );
          const outcomes = concurrent
            ? await Promise.all(hints.map((x) => processApproval(deps, x)))
            : await hints.reduce<Promise<unknown[]>>(
                async (acc, x) => [...(await acc), await processApproval(deps, x)],
                Promise.resolve([]),
              );
          expect(h.api.writes).toHaveLength(1);
          expect(h.actions.rows.size).toBe(1);
          expect(outcomes.filter((o) => (o as { kind: string }).kind === 'executed')).toHaveLength(1);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe('processApproval applies only the plan lakewarden filed, re-checked against a fresh read', () => {
  function commentsOf(h: ReturnType<typeof setup>['h']): string {
    return JSON.stringify(h.outbox.items.filter((i) => i.kind === 'comment'));
  }

  it('refuses an issue lakewarden did not create (reporter is not the bot), with a comment, no write', async () => {
    const { h, jira, deps } = setup();
    jira.issues.set('10452', issueWith({ reporter: { accountId: OWNER, displayName: 'Mallory' } }));
    expect(await processApproval(deps, hint())).toMatchObject({ kind: 'refused', reason: 'not_filed_by_lakewarden' });
    expect(h.api.writes).toEqual([]);
    expect(commentsOf(h)).toContain('not by lakewarden');
  });

  it('refuses when no plan was filed for the fingerprint (a lost store is never rebuilt from the property)', async () => {
    const { h, deps, plans } = setup();
    plans.plans.clear();
    expect(await processApproval(deps, hint())).toMatchObject({ kind: 'refused', reason: 'no_filed_plan' });
    expect(h.api.writes).toEqual([]);
    expect(commentsOf(h)).toContain('no plan on record');
  });

  it('refuses when the plan was filed on another issue', async () => {
    const { h, deps, plans } = setup();
    plans.plans.set(FILING.filed.fingerprint, { ...FILING.filed, issueId: '99999', issueKey: 'FINOPS-99' });
    expect(await processApproval(deps, hint())).toMatchObject({ kind: 'refused', reason: 'issue_mismatch' });
    expect(h.api.writes).toEqual([]);
    expect(commentsOf(h)).toContain('FINOPS-99');
  });

  it('refuses when the property was edited (another target value), naming the filed plan id', async () => {
    const { h, jira, deps } = setup();
    const plan = FILING.property.plan as Record<string, unknown>;
    const edited = {
      ...FILING.property,
      plan: { ...plan, changes: [{ field: 'auto_stop_mins', before: 120, after: 240 }] },
    };
    jira.issues.set('10452', issueWith({ property: edited }));
    expect(await processApproval(deps, hint())).toMatchObject({ kind: 'refused', reason: 'property_tampered' });
    expect(h.api.writes).toEqual([]);
    expect(commentsOf(h)).toContain(FILING.filed.planHash.slice(0, 12));
  });

  it('refuses when the rule no longer matches the configuration read now', async () => {
    const { h, deps } = setup();
    h.api.warehouses.set('wh-1', { id: 'wh-1', cluster_size: 'Medium', state: 'STOPPED', auto_stop_mins: 20 });
    const outcome = await processApproval(deps, hint());
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'rule_no_longer_matches', action: { state: 'refused' } });
    expect(h.api.writes).toEqual([]);
    expect(commentsOf(h)).toContain('no longer matches');
  });

  it('refuses when the recomputed plan differs from the filed one (plan changed since filing)', async () => {
    const { h, deps } = setup();
    const outcome = await processApproval(
      { ...deps, revalidate: autoStopRevalidator(h.api, { params: { targetAutoStopMins: 15 } }) },
      hint(),
    );
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'plan_changed' });
    expect(h.api.writes).toEqual([]);
    expect(commentsOf(h)).toContain('auto_stop_mins → 15');
  });

  it('fails closed when the resource cannot be re-read', async () => {
    const { h, deps } = setup();
    h.api.getWarehouse = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    expect(await processApproval(deps, hint())).toMatchObject({ kind: 'refused', reason: 'revalidation_unavailable' });
    expect(h.api.writes).toEqual([]);
  });

  it('records the filed plan id on the action it executes', async () => {
    const { deps } = setup();
    const outcome = await processApproval(deps, hint());
    expect(outcome).toMatchObject({ kind: 'executed', action: { state: 'verified', planHash: FILING.filed.planHash } });
  });
});
