import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMigrations } from '../../../src/store/migrations/list-migrations.ts';
import { runMigrations } from '../../../src/store/run-migrations.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

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
      expect(tables).toEqual(TABLES);

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
