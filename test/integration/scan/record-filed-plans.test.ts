import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/findings/finding.ts';
import type { IssueRecord } from '../../../src/records/store.ts';
import { planHash } from '../../../src/remediation/plan-hash.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { recordFiledPlans } from '../../../src/scan/record-filed-plans.ts';
import type { Snapshot } from '../../../src/snapshot/schema.ts';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import type { SyncOp } from '../../../src/tickets/plan-sync.ts';
import type { SyncResult } from '../../../src/tickets/sync-result.ts';
import { AUTO_STOP_RULE } from '../../support/filed-plans.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';
import { compileRuleFile } from '../../support/rule-harness.ts';

const logger = pino({ level: 'silent' });
const now = () => new Date('2026-11-01T07:00:00Z');

let store: OpenedStore;
let snapshot: Snapshot;
let finding: Finding;
beforeEach(async () => {
  store = await createStore({ sqlitePath: ':memory:' });
  snapshot = buildSnapshot([
    buildWarehouse({ id: 'wh-1', config: { auto_stop_mins: 0, state: 'RUNNING' }, facts: { idleTailHours: 200 } }),
  ]);
  const [first] = evaluateSnapshot(snapshot, [compileRuleFile(AUTO_STOP_RULE)]).findings;
  if (first === undefined) throw new Error('no finding');
  finding = first;
});
afterEach(async () => {
  await store.close();
});

function record(issueId: string, issueKey: string): IssueRecord {
  return {
    fingerprint: finding.fingerprint,
    issueId,
    issueKey,
    ruleId: finding.ruleId,
    workspaceId: finding.resource.workspaceId,
    resourceKind: 'warehouse',
    resourceId: 'wh-1',
    state: 'open',
    contentHash: 'h',
    estimatedSavingsUsd: finding.estimate.usdPerMonth,
    owner: 'ana@example.com',
    team: null,
    firstSeenAt: '2026-11-01T06:00:00Z',
    lastSeenAt: '2026-11-01T06:00:00Z',
    declinedAt: null,
    resolvedAt: null,
  };
}

function sync(op: SyncOp, issueKey?: string): SyncResult {
  const preview = {
    op: op.op,
    fingerprint: finding.fingerprint,
    issueKey,
    summary: '',
    markdown: '',
    adf: { type: 'doc' as const, version: 1 as const, content: [] },
    routedBy: '',
    assignee: undefined,
  };
  return {
    counts: {} as SyncResult['counts'],
    failures: [],
    warnings: [],
    ops: [op],
    previews: [preview],
    routes: new Map(),
    created: [],
  };
}

const item = () => ({ finding, draft: {} as never, owner: 'ana@example.com', team: null });

describe('recordFiledPlans: the scan keeps the plan it filed, bound to its own issue', () => {
  it('keeps the plan, its id and the one-resource basis of a newly created issue', async () => {
    await store.upsertIssue(record('10001', 'FIN-1'));
    expect(
      await recordFiledPlans(
        snapshot,
        sync({ op: 'create', item: item(), reason: 'new' }, 'FIN-1'),
        { store, logger, now },
        new Map(),
      ),
    ).toBe(1);
    const filed = await store.getFiledPlan(finding.fingerprint);
    expect(filed).toMatchObject({ issueId: '10001', issueKey: 'FIN-1', ruleId: AUTO_STOP_RULE, plan: finding.plan });
    expect(filed?.planHash).toBe(planHash({ ...finding.plan, resource: finding.resource }));
    expect(filed?.basis.resources.map((r) => r.id)).toEqual(['wh-1']);
  });

  it('never moves a bound plan to another issue found by its labels (a copied label)', async () => {
    await store.upsertIssue(record('10001', 'FIN-1'));
    await recordFiledPlans(
      snapshot,
      sync({ op: 'create', item: item(), reason: 'new' }, 'FIN-1'),
      { store, logger, now },
      new Map(),
    );
    await store.upsertIssue(record('10666', 'FIN-666'));
    const adopted: SyncOp = { op: 'update', item: item(), issueId: '10666', issueKey: 'FIN-666' };
    expect(
      await recordFiledPlans(
        snapshot,
        sync(adopted),
        { store, logger, now },
        new Map([[finding.fingerprint, '10001']]),
      ),
    ).toBe(0);
    expect((await store.getFiledPlan(finding.fingerprint))?.issueId).toBe('10001');
  });

  it('after a lost store, binds the plan to the issue the rescan adopted (approvals still check the reporter)', async () => {
    await store.upsertIssue(record('10001', 'FIN-1'));
    const adopted: SyncOp = { op: 'unchanged', item: item(), issueId: '10001', issueKey: 'FIN-1' };
    expect(await recordFiledPlans(snapshot, sync(adopted), { store, logger, now }, new Map())).toBe(1);
    expect((await store.getFiledPlan(finding.fingerprint))?.issueId).toBe('10001');
  });

  it('keeps nothing for a create that failed (no issue key) or a declined issue', async () => {
    await store.upsertIssue({ ...record('10001', 'FIN-1'), state: 'declined' });
    expect(
      await recordFiledPlans(
        snapshot,
        sync({ op: 'create', item: item(), reason: 'new' }),
        { store, logger, now },
        new Map(),
      ),
    ).toBe(0);
    expect(await store.getFiledPlan(finding.fingerprint)).toBeUndefined();
  });
});
