import { afterEach, describe, expect, it } from 'vitest';
import { reportCommand } from '../../../src/commands/report-command.ts';
import { billingKey, createMemoryBillingSource } from '../../../src/savings/memory-billing-source.ts';
import type { ResourceChange } from '../../../src/savings/savings-measurement.ts';
import { scheduleMeasurements } from '../../../src/savings/schedule-measurements.ts';
import { readHistory, verifyChain } from '../../../src/store/history-store.ts';
import { createSavingsLedger } from '../../../src/store/savings-ledger.ts';
import { listSavingsLedger } from '../../../src/store/savings-store.ts';
import { adfSchemaErrors } from '../../support/adf-schema.ts';
import { FAKE_BOT_ACCOUNT_ID, FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { queuedAction } from '../../support/remediation-harness.ts';
import { storeAction } from '../../support/stored-action.ts';
import { adfPlainText, createSavingsWorld, dailyRows, type SavingsWorld } from './savings-world.ts';

const WAREHOUSE = { workspaceId: '1234567890', kind: 'warehouse', id: 'wh-analytics' } as const;

let world: SavingsWorld | undefined;
afterEach(async () => {
  await world?.store.close();
  world = undefined;
});

describe('found → approved → verified → measured, on the fake Jira and an in-memory billing source', () => {
  it('measures $120/day → $40/day as $2,400/month, comments, writes the field, records history, and reports it', async () => {
    world = await createSavingsWorld();
    const w = world;
    // found: two findings filed (one will be approved and fixed, one stays open).
    const fixed = await w.fileIssue({
      fingerprint: 'aaaa000000000001',
      resourceId: 'wh-analytics',
      estimatedSavingsUsd: 2500,
    });
    const open = await w.fileIssue({
      fingerprint: 'bbbb000000000002',
      resourceId: 'wh-bi',
      estimatedSavingsUsd: 800,
      owner: 'lee@example.com',
      team: 'analytics',
      firstSeenAt: '2026-07-01T00:00:00.000Z',
    });
    // approved: the owner moves it to Approved; the worker claims the action and applies + verifies it.
    w.fake.transitionAs(fixed.issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    const changeAt = new Date('2026-09-15T10:00:00.000Z');
    const action = await storeAction(
      w.store,
      queuedAction({
        fingerprint: fixed.fingerprint,
        issueId: fixed.issueId,
        issueKey: fixed.issueKey,
        strategy: 'warehouse-auto-stop',
        resource: { workspaceId: fixed.workspaceId, kind: 'warehouse', id: fixed.resourceId },
        approver: { accountId: FAKE_OWNER_ACCOUNT_ID, displayName: null },
        approvedAt: '2026-09-15T08:00:00.000Z',
        state: 'verified',
        attempts: 1,
        createdAt: '2026-09-15T08:00:05.000Z',
        updatedAt: changeAt.toISOString(),
      }),
    );
    w.fake.transitionAs(fixed.issueKey, FAKE_BOT_ACCOUNT_ID, 'Done');

    // billing: 14 days at $120/day before, the change day (ignored), 14 days at $40/day after; same query volume.
    const billing = createMemoryBillingSource(
      new Map([
        [
          billingKey(WAREHOUSE),
          [
            ...dailyRows('2026-08-25', 7, 999, 10), // outside the before-window: must not count
            ...dailyRows('2026-09-01', 14, 120, 500),
            ...dailyRows('2026-09-15', 1, 80, 500),
            ...dailyRows('2026-09-16', 14, 40, 500),
          ],
        ],
      ]),
    );
    let now = new Date('2026-09-30T12:00:00.000Z');
    const deps = {
      store: w.store,
      ledger: createSavingsLedger(w.store),
      billing,
      jira: w.tracker,
      savings: w.savings,
      verifiedFieldId: w.verifiedField,
      now: () => now,
    };

    // Not due yet: the after-window ends 2026-09-29, plus one full day of billing latency.
    const early = await scheduleMeasurements(deps);
    expect(early).toEqual({ measured: [], posted: [], failed: [] });

    now = new Date('2026-10-01T06:00:00.000Z');
    const writesBefore = w.fake.writes().length;
    const run = await scheduleMeasurements(deps);
    expect(run.failed).toEqual([]);
    expect(run.posted).toEqual([`action:${action.id}`]);
    expect(run.measured[0]).toMatchObject({
      beforeFrom: '2026-09-01',
      beforeTo: '2026-09-14',
      afterFrom: '2026-09-16',
      afterTo: '2026-09-29',
      beforeUsdPerDay: 120,
      afterUsdPerDay: 40,
      verifiedUsdPerMonth: 2400,
      confidence: 'high',
      confounders: [],
      normaliser: 'per_query',
      status: 'measured',
    });

    // Jira: one comment and one field write.
    const issue = w.fake.state.issues.find((i) => i.id === fixed.issueId);
    expect(issue?.customFields[w.verifiedField]).toBe(2400);
    expect(w.fake.writes().length - writesBefore).toBe(2);
    const comment = issue?.comments.at(-1)?.body;
    expect(adfSchemaErrors(comment)).toEqual([]);
    const text = adfPlainText(comment);
    expect(text).toContain('Verified savings: saves $2,400.00/month');
    expect(text).toContain(
      'Before the change (baseline at the after-window query count) 2026-09-01 to 2026-09-14 $120.00/day',
    );
    expect(text).toContain('After the change 2026-09-16 to 2026-09-29 $40.00/day');
    expect(text).toContain('verified = ($120.00 − $40.00) × 30 = $2,400.00/month');
    expect(text).toContain('Confidence: high');
    expect(text).toContain('Price basis: list price (system.billing.list_prices pricing.effective_list.default, USD)');
    expect(text).toContain('Confounders: none found');

    // History: one savings_measured event in an intact chain, its hash quoted in the comment.
    const history = await readHistory(w.store, action.id);
    expect(history.map((h) => (h.event as { kind: string }).kind)).toEqual(['savings_measured']);
    expect(text).toContain(history[0]?.hash ?? 'missing');
    expect(await verifyChain(w.store)).toMatchObject({ ok: true, count: 1 });

    // Idempotent: a second run (and a later one) measures and writes nothing.
    const writesAfter = w.fake.writes().length;
    now = new Date('2026-10-05T06:00:00.000Z');
    expect(await scheduleMeasurements(deps)).toEqual({ measured: [], posted: [], failed: [] });
    expect(w.fake.writes().length).toBe(writesAfter);
    expect((await listSavingsLedger(w.store)).map((r) => r.status)).toEqual(['posted']);

    // Report: figures by hand. Estimated 2500 + 800; approved 2500 (Sept); verified 2400 (Oct, measured).
    const out: string[] = [];
    const report = await reportCommand(
      {
        store: w.store,
        statuses: w.tracker,
        jiraConfig: w.jiraConfig,
        now: () => now,
      },
      { format: 'json' },
      { out: (t) => out.push(t), err: () => {} },
    );
    expect(JSON.parse(out.join('\n'))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.totals).toEqual({
      findings: 2,
      estimatedUsdPerMonth: 3300,
      effectiveEstimatedUsdPerMonth: 3300,
      excessUsdPerMonth: 0,
      approved: 1,
      approvedUsdPerMonth: 2500,
      measured: 1,
      verifiedUsdPerMonth: 2400,
    });
    expect(report.statusSource).toBe('jira');
    expect(report.statusCounts).toEqual([
      { status: 'Done', count: 1 },
      { status: 'To Do', count: 1 },
    ]);
    expect(report.byTeam.map((r) => [r.key, r.estimatedUsdPerMonth, r.verifiedUsdPerMonth])).toEqual([
      ['data-platform', 2500, 2400],
      ['analytics', 800, 0],
    ]);
    expect(
      report.byMonth.map((r) => [r.key, r.estimatedUsdPerMonth, r.approvedUsdPerMonth, r.verifiedUsdPerMonth]),
    ).toEqual([
      ['2026-07', 800, 0, 0],
      ['2026-08', 2500, 0, 0],
      ['2026-09', 0, 2500, 0],
      ['2026-10', 0, 0, 2400],
    ]);
    expect(report.funnel).toEqual([
      { stage: 'found', count: 2, usdPerMonth: 3300 },
      { stage: 'approved', count: 1, usdPerMonth: 2500 },
      { stage: 'verified', count: 1, usdPerMonth: 2500 },
      { stage: 'measured', count: 1, usdPerMonth: 2400 },
    ]);
    // The open finding was first seen 2026-07-01: 96 days before 2026-10-05.
    expect(report.awaitingApprovalByAge.find((b) => b.count > 0)).toEqual({
      bucket: 'over 90 days',
      count: 1,
      estimatedUsdPerMonth: 800,
    });
    expect(report.topOpen).toEqual([
      expect.objectContaining({ issueKey: open.issueKey, estimatedUsdPerMonth: 800, ageDays: 96, status: 'To Do' }),
    ]);
  });

  it('a manual fix whose cost went up, edited again by someone else: negative saving, low confidence, said plainly', async () => {
    world = await createSavingsWorld();
    const w = world;
    const manual = await w.fileIssue({
      fingerprint: 'cccc000000000003',
      resourceId: 'wh-etl',
      state: 'resolved',
      resolvedAt: '2026-09-15T10:00:00.000Z',
    });
    const ref = { workspaceId: manual.workspaceId, kind: 'warehouse', id: 'wh-etl' } as const;
    const billing = createMemoryBillingSource(
      new Map([[billingKey(ref), [...dailyRows('2026-09-01', 14, 50, 100), ...dailyRows('2026-09-16', 14, 65, 100)]]]),
    );
    const seen: Array<[string, string]> = [];
    const laterChanges = async (_ref: unknown, after: string, until: string): Promise<ResourceChange[]> => {
      seen.push([after, until]);
      return [{ at: '2026-09-20T09:00:00Z', by: 'alice@example.com', description: 'resized from Small to Large' }];
    };
    const result = await scheduleMeasurements({
      store: w.store,
      ledger: createSavingsLedger(w.store),
      billing,
      jira: w.tracker,
      savings: w.savings,
      verifiedFieldId: w.verifiedField,
      laterChanges,
      now: () => new Date('2026-10-02T00:00:00.000Z'),
    });
    expect(seen).toEqual([['2026-09-15T10:00:00.000Z', '2026-09-29']]);
    expect(result.measured).toEqual([
      expect.objectContaining({
        measurementKey: `manual:${manual.fingerprint}`,
        actionId: null,
        verifiedUsdPerMonth: -450,
        confidence: 'low',
      }),
    ]);
    const issue = w.fake.state.issues.find((i) => i.id === manual.issueId);
    expect(issue?.customFields[w.verifiedField]).toBe(-450);
    const text = adfPlainText(issue?.comments.at(-1)?.body);
    expect(text).toContain('Verified savings: no saving — cost increased by $450.00/month');
    expect(text).toContain(
      'Confidence: low — changed again on 2026-09-20 by alice@example.com: resized from Small to Large',
    );
    expect(text).toContain('Confounders: changed again on 2026-09-20 by alice@example.com');
    const history = await readHistory(w.store, `manual:${manual.fingerprint}`);
    expect(history).toHaveLength(1);
  });

  it('a deleted resource (no usage after) is measured with a confounder; a Jira failure is retried next run', async () => {
    world = await createSavingsWorld();
    const w = world;
    const gone = await w.fileIssue({
      fingerprint: 'dddd000000000004',
      resourceId: 'wh-old',
      state: 'resolved',
      resolvedAt: '2026-09-15T10:00:00.000Z',
    });
    const billing = createMemoryBillingSource(
      new Map([
        [
          billingKey({ workspaceId: gone.workspaceId, kind: 'warehouse', id: 'wh-old' }),
          dailyRows('2026-09-01', 14, 30, 20),
        ],
      ]),
    );
    const deps = {
      store: w.store,
      ledger: createSavingsLedger(w.store),
      billing,
      jira: w.tracker,
      savings: w.savings,
      verifiedFieldId: w.verifiedField,
      now: () => new Date('2026-10-02T00:00:00.000Z'),
    };
    w.fake.failNext('POST', /\/comment$/, 400);
    const first = await scheduleMeasurements(deps);
    expect(first.measured).toHaveLength(1);
    expect(first.posted).toEqual([]);
    expect(first.failed.map((f) => f.key)).toEqual([`manual:${gone.fingerprint}`]);
    expect((await listSavingsLedger(w.store))[0]).toMatchObject({
      status: 'measured',
      verifiedUsdPerMonth: 900,
      confidence: 'low',
    });

    const second = await scheduleMeasurements(deps);
    expect(second).toMatchObject({ measured: [], posted: [`manual:${gone.fingerprint}`], failed: [] });
    const issue = w.fake.state.issues.find((i) => i.id === gone.issueId);
    expect(issue?.comments).toHaveLength(1);
    expect(adfPlainText(issue?.comments[0]?.body)).toContain(
      'resource deleted or never ran again: no billing usage from 2026-09-16 to 2026-09-29',
    );
    expect(issue?.customFields[w.verifiedField]).toBe(900);
    // The history event was written once, on the first run.
    expect(await readHistory(w.store, `manual:${gone.fingerprint}`)).toHaveLength(1);
  });
  it('a billing failure records nothing and leaves the change due for the next run', async () => {
    world = await createSavingsWorld();
    const w = world;
    const fixed = await w.fileIssue({
      fingerprint: 'eeee000000000005',
      resourceId: 'wh-flaky',
      state: 'resolved',
      resolvedAt: '2026-09-15T10:00:00.000Z',
    });
    const good = createMemoryBillingSource(
      new Map([
        [
          billingKey({ workspaceId: fixed.workspaceId, kind: 'warehouse', id: 'wh-flaky' }),
          [...dailyRows('2026-09-01', 14, 20, 10), ...dailyRows('2026-09-16', 14, 10, 10)],
        ],
      ]),
    );
    let failing = true;
    const billing = {
      costByDay: async (...args: Parameters<typeof good.costByDay>) => {
        if (failing) throw new Error('warehouse unreachable');
        return await good.costByDay(...args);
      },
    };
    const deps = {
      store: w.store,
      ledger: createSavingsLedger(w.store),
      billing,
      jira: w.tracker,
      savings: w.savings,
      verifiedFieldId: w.verifiedField,
      now: () => new Date('2026-10-02T00:00:00.000Z'),
    };
    expect(await scheduleMeasurements(deps)).toEqual({
      measured: [],
      posted: [],
      failed: [{ key: `manual:${fixed.fingerprint}`, error: 'warehouse unreachable' }],
    });
    expect(await listSavingsLedger(w.store)).toEqual([]);
    expect(await readHistory(w.store)).toEqual([]);
    failing = false;
    const retry = await scheduleMeasurements(deps);
    expect(retry.posted).toEqual([`manual:${fixed.fingerprint}`]);
    expect(retry.measured[0]?.verifiedUsdPerMonth).toBe(300);
  });
});
