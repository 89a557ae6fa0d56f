import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssueRecord, ScanRunRecord } from '../../../src/records/store.ts';
import { createStore } from '../../../src/store/create-store.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

function issue(overrides: Partial<IssueRecord> = {}): IssueRecord {
  return {
    fingerprint: '0123456789abcdef',
    issueId: '10001',
    issueKey: 'FIN-1',
    ruleId: 'idle-warehouse',
    workspaceId: '1234567890',
    resourceKind: 'warehouse',
    resourceId: 'wh-1',
    state: 'open',
    contentHash: 'c0ffee',
    estimatedSavingsUsd: 1234.56,
    owner: 'ada@example.com',
    team: null,
    firstSeenAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-02T00:00:00.000Z',
    declinedAt: null,
    resolvedAt: null,
    excessUsd: 0,
    effectiveSavingsUsd: 987.65,
    effectiveExcessUsd: null,
    resourceName: 'bi-warehouse',
    workspaceName: 'prod',
    resourceUrl: 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/sql/warehouses/wh-1',
    autonomy: 'approval',
    ...overrides,
  };
}

function scanRun(overrides: Partial<ScanRunRecord> = {}): ScanRunRecord {
  return {
    id: 'run-1',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    source: 'snapshot:examples/sample-account.json',
    dryRun: true,
    outcome: 'running',
    findings: 0,
    created: 0,
    updated: 0,
    resolved: 0,
    unchanged: 0,
    suppressed: 0,
    estimatedUsdPerMonth: 0,
    error: null,
    ...overrides,
  };
}

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'kysely Store'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('round-trips an IssueRecord and updates it in place on upsert', async () => {
      const { store } = ctx;
      const first = issue();
      await store.upsertIssue(first);
      expect(await store.getIssueByFingerprint(first.fingerprint)).toEqual(first);
      expect(await store.getIssueById('10001')).toEqual(first);

      const resolved = issue({ state: 'resolved', resolvedAt: '2026-01-03T00:00:00.000Z', team: 'data-platform' });
      await store.upsertIssue(resolved);
      expect(await store.listIssues()).toEqual([resolved]);
      expect(await store.getIssueByFingerprint('ffffffffffffffff')).toBeUndefined();
      expect(await store.getIssueById('nope')).toBeUndefined();
    });

    it('refuses a second fingerprint pointing at the same Jira issue id', async () => {
      const { store } = ctx;
      await store.upsertIssue(issue());
      await expect(store.upsertIssue(issue({ fingerprint: 'aaaaaaaaaaaaaaaa' }))).rejects.toThrow();
    });

    it('round-trips scan runs and lists the newest first', async () => {
      const { store } = ctx;
      await store.startScanRun(scanRun());
      const finished = scanRun({
        finishedAt: '2026-01-01T00:05:00.000Z',
        outcome: 'succeeded',
        dryRun: false,
        findings: 7,
        created: 3,
        updated: 2,
        resolved: 1,
        unchanged: 1,
        suppressed: 4,
        estimatedUsdPerMonth: 9876.5,
      });
      await store.finishScanRun(finished);
      const later = scanRun({ id: 'run-2', startedAt: '2026-01-02T00:00:00.000Z', error: 'boom', outcome: 'failed' });
      await store.startScanRun(later);
      expect(await store.listScanRuns(10)).toEqual([later, finished]);
      expect(await store.listScanRuns(1)).toEqual([later]);
    });

    it('caches account lookups, including negative ones, and honours maxAge', async () => {
      const { store } = ctx;
      const now = new Date('2026-01-10T00:00:00.000Z');
      await store.cacheAccount({ email: 'ada@example.com', accountId: 'acc-1', cachedAt: '2026-01-09T00:00:00.000Z' });
      await store.cacheAccount({ email: 'ghost@example.com', accountId: null, cachedAt: '2026-01-09T12:00:00.000Z' });
      const day = 24 * 3600 * 1000;
      const cached = async (maxAgeMs: number) =>
        new Map((await store.listCachedAccounts(maxAgeMs, now)).map((e) => [e.email, e]));
      expect((await cached(day)).get('ada@example.com')).toEqual({
        email: 'ada@example.com',
        accountId: 'acc-1',
        cachedAt: '2026-01-09T00:00:00.000Z',
      });
      expect((await cached(day - 1)).has('ada@example.com')).toBe(false);
      expect((await cached(day)).get('ghost@example.com')?.accountId).toBeNull();

      await store.cacheAccount({ email: 'ada@example.com', accountId: 'acc-2', cachedAt: '2026-01-09T23:00:00.000Z' });
      expect((await cached(day - 1)).get('ada@example.com')?.accountId).toBe('acc-2');
    });
  });
}

describe('createStore', () => {
  it('opens SQLite in memory when no Postgres URL is given', async () => {
    const store = await createStore({ databaseUrl: 'file:ignored', sqlitePath: ':memory:' });
    try {
      expect(store.dialect).toBe('sqlite');
      await store.ping();
      expect(await store.listIssues()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
