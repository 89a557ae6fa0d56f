import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LakewardenError } from '../../../src/errors.ts';
import { createStore } from '../../../src/store/create-store.ts';
import { listMigrations } from '../../../src/store/migrations/list-migrations.ts';
import { runMigrations } from '../../../src/store/run-migrations.ts';
import { pgAvailable, TEST_DATABASE_URL } from '../../support/postgres.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

/** The tables migrations 001 and 002 create (later migrations may add more). */
const TABLES = ['account_cache', 'actions', 'history', 'inbox', 'issues', 'leases', 'outbox', 'scan_runs', 'settings'];

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'store migrations'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('creates every table, records every migration and is idempotent', async () => {
      const { store } = ctx;
      expect(store.dialect).toBe(target.name);
      const tables = (await store.db.introspection.getTables()).map((t) => t.name).sort();
      expect(tables).toEqual(expect.arrayContaining(TABLES));

      expect(await runMigrations(store)).toEqual([]);
      await store.migrate();
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(listMigrations(target.name)));
    });

    it('lets a second replica open the same database without re-applying anything', async () => {
      const second = await ctx.openAnother();
      expect(await runMigrations(second)).toEqual([]);
      await second.ping();
    });
  });
}

describe('listMigrations', () => {
  it('lists migrations in application (alphabetical) order', () => {
    const names = Object.keys(listMigrations('sqlite'));
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('001-issues-and-scans');
  });
});

describe('opening SQLite', () => {
  it('uses WAL, foreign keys and a busy timeout', async () => {
    const sqlite = storeTargets.find((t) => t.name === 'sqlite');
    const ctx = await sqlite?.open();
    try {
      const pragma = async (name: string) =>
        Object.values(
          (await sql.raw(`pragma ${name}`).execute(ctx?.store.db ?? expect.fail('no store'))).rows[0] ?? {},
        );
      expect(await pragma('journal_mode')).toEqual(['wal']);
      expect(await pragma('foreign_keys')).toEqual([1]);
      expect(await pragma('busy_timeout')).toEqual([5000]);
    } finally {
      await ctx?.cleanup();
    }
  });
});

describe.skipIf(!pgAvailable)(
  pgAvailable ? 'createStore on Postgres' : `createStore on Postgres — SKIPPED: unreachable at ${TEST_DATABASE_URL}`,
  () => {
    it('fails with a LakewardenError that says what failed when migrations cannot run', async () => {
      const url = new URL(TEST_DATABASE_URL);
      url.searchParams.set('options', '-c search_path=lw_test_schema_that_does_not_exist');
      const attempt = createStore({ databaseUrl: url.toString(), sqlitePath: 'unused' });
      await expect(attempt).rejects.toBeInstanceOf(LakewardenError);
      await expect(attempt).rejects.toThrow(/store migrations failed on postgres: .*schema/);
    });
  },
);
