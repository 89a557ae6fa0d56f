import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssueRecord } from '../../../src/records/store.ts';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import { createDeferredStore, type DeferredStore, type StoreLocation } from '../../../src/store/deferred-store.ts';
import { createTestSchema, pgAvailable, pgUnavailableReason, TEST_DATABASE_URL } from '../../support/postgres.ts';

const ISSUE: IssueRecord = {
  fingerprint: '0123456789abcdef',
  issueId: '10001',
  issueKey: 'FIN-1',
  ruleId: 'idle-warehouse',
  workspaceId: '1234567890',
  resourceKind: 'warehouse',
  resourceId: 'wh-1',
  state: 'open',
  contentHash: 'c0ffee',
  estimatedSavingsUsd: 12.5,
  owner: null,
  team: null,
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: '2026-01-01T00:00:00.000Z',
  declinedAt: null,
  resolvedAt: null,
};

/** createStore, counting its calls (the only place a database module is imported). */
function countingOpen(): { open: (location: StoreLocation) => Promise<OpenedStore>; calls: () => number } {
  let calls = 0;
  return {
    open: (location) => {
      calls += 1;
      return createStore(location);
    },
    calls: () => calls,
  };
}

describe('deferred store over a SQLite file', () => {
  let dir: string;
  let file: string;
  let store: DeferredStore | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-deferred-'));
    file = join(dir, '.lakewarden', 'lakewarden.db');
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a missing file as an empty store without creating it or opening the database', async () => {
    const counted = countingOpen();
    store = createDeferredStore({ sqlitePath: file }, counted.open);
    expect(store.dialect).toBe('sqlite');
    expect(await store.listIssues()).toEqual([]);
    expect(await store.getIssueByFingerprint(ISSUE.fingerprint)).toBeUndefined();
    expect(await store.getIssueById(ISSUE.issueId)).toBeUndefined();
    expect(await store.listScanRuns(10)).toEqual([]);
    expect(await store.listCachedAccounts(60_000, new Date())).toEqual([]);
    expect(await store.listSnoozes()).toEqual([]);
    expect(await store.getFiledPlan(ISSUE.fingerprint)).toBeUndefined();
    await store.close();
    expect(counted.calls()).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(dir, '.lakewarden'))).toBe(false);
  });

  it('creates and migrates the file on the first write, then reads see the data', async () => {
    const counted = countingOpen();
    store = createDeferredStore({ sqlitePath: file }, counted.open);
    expect(await store.listIssues()).toEqual([]);
    await store.upsertIssue(ISSUE);
    expect(existsSync(file)).toBe(true);
    expect(await store.getIssueById(ISSUE.issueId)).toMatchObject({ issueKey: 'FIN-1', state: 'open' });
    expect((await store.listIssues()).map((i) => i.fingerprint)).toEqual([ISSUE.fingerprint]);
    const opened = await store.open();
    expect(opened.dialect).toBe('sqlite');
    const tables = await opened.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toContain('filed_plans');
    expect(counted.calls()).toBe(1);
  });

  it('opens a file another process created since the last read', async () => {
    const counted = countingOpen();
    store = createDeferredStore({ sqlitePath: file }, counted.open);
    expect(await store.listIssues()).toEqual([]);
    const other = await createStore({ sqlitePath: file });
    await other.upsertIssue(ISSUE);
    await other.close();
    expect((await store.listIssues()).map((i) => i.issueKey)).toEqual(['FIN-1']);
    expect(counted.calls()).toBe(1);
  });

  it('opens on ping and migrate (doctor), creating the file', async () => {
    const counted = countingOpen();
    store = createDeferredStore({ sqlitePath: file }, counted.open);
    await store.ping();
    expect(existsSync(file)).toBe(true);
    await store.migrate();
    expect(counted.calls()).toBe(1);
  });

  it('surfaces a failed open from the call that opened and tries again on the next call', async () => {
    let calls = 0;
    store = createDeferredStore({ sqlitePath: file }, async (location) => {
      calls += 1;
      if (calls === 1) throw new Error('disk on fire');
      return createStore(location);
    });
    await expect(store.upsertIssue(ISSUE)).rejects.toThrow('disk on fire');
    expect(await store.listIssues()).toEqual([]);
    await store.upsertIssue(ISSUE);
    expect(await store.getIssueById(ISSUE.issueId)).toMatchObject({ issueKey: 'FIN-1' });
    expect(calls).toBe(2);
  });

  it("opens ':memory:' on the first call", async () => {
    const counted = countingOpen();
    store = createDeferredStore({ sqlitePath: ':memory:' }, counted.open);
    expect(await store.listIssues()).toEqual([]);
    expect(counted.calls()).toBe(1);
  });
});

describe.skipIf(!pgAvailable)(
  pgAvailable
    ? 'deferred store over Postgres'
    : `deferred store over Postgres — SKIPPED: Postgres unreachable at ${TEST_DATABASE_URL}: ${pgUnavailableReason}`,
  () => {
    it('knows the dialect without opening and opens on the first call, a read included', async () => {
      const schema = await createTestSchema();
      const counted = countingOpen();
      const store = createDeferredStore({ databaseUrl: schema.url, sqlitePath: 'unused' }, counted.open);
      try {
        expect(store.dialect).toBe('postgres');
        expect(counted.calls()).toBe(0);
        expect(await store.listIssues()).toEqual([]);
        expect(counted.calls()).toBe(1);
        await store.upsertIssue(ISSUE);
        expect((await store.listIssues()).map((i) => i.issueKey)).toEqual(['FIN-1']);
        expect(counted.calls()).toBe(1);
      } finally {
        await store.close();
        await schema.drop();
      }
    });
  },
);
