import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKyselyActionStore } from '../../../src/store/approval-ports/kysely-action-store.ts';
import { createMigrationProvider } from '../../../src/store/migrations/list-migrations.ts';
import { runMigrations } from '../../../src/store/run-migrations.ts';
import { fileAutoStopPlan } from '../../support/filed-plans.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

/** An `actions` row exactly as lakewarden stored it before migration 005 (no plan id in the plan document). */
const LEGACY_ROW = {
  id: 'act-legacy',
  action_key: 'k-legacy',
  fingerprint: 'fp-legacy',
  issue_id: '10452',
  strategy: 'warehouse-auto-stop',
  workspace_id: '1234567890',
  resource_kind: 'warehouse',
  resource_id: 'wh-1',
  approver: 'acc-owner',
  approved_at: '2026-09-26T10:41:02.015+0000',
  plan: JSON.stringify({
    approver: { accountId: 'acc-owner', displayName: 'Dana Owner' },
    changelogId: '10871',
    issueKey: 'FINOPS-17',
    observedValue: { auto_stop_mins: 10 },
    owner: 'dana@example.com',
    plan: { changes: [{ after: 10, before: 120, field: 'auto_stop_mins' }], restarts: false, risk: 'r' },
    ruleId: 'warehouse-auto-stop-too-long',
  }),
  previous_value: '{"auto_stop_mins":120}',
  target_value: '{"auto_stop_mins":10}',
  state: 'verified',
  reason: null,
  attempts: 1,
  created_at: '2026-09-26T10:44:00.000Z',
  updated_at: '2026-09-26T10:45:00.000Z',
};

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'filed plans (migration 005)'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('keeps actions stored before the migration readable (plan id null) after migrating', async () => {
      const { store } = ctx;
      const schema =
        store.dialect === 'postgres'
          ? (await store.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s
          : undefined;
      const migrator = new Migrator({
        db: store.db,
        provider: createMigrationProvider(store.dialect),
        ...(schema === undefined ? {} : { migrationTableSchema: schema }),
      });
      const down = await migrator.migrateTo('004-savings');
      expect(down.error).toBeUndefined();
      await store.db.insertInto('actions').values(LEGACY_ROW).execute();
      expect(await runMigrations(store)).toEqual([
        '005-filed-plans',
        '006-ask-data',
        '007-snoozes',
        '008-issue-report-fields',
      ]);
      const action = await createKyselyActionStore(store.db).get('act-legacy');
      expect(action).toMatchObject({
        state: 'verified',
        planHash: null,
        issueKey: 'FINOPS-17',
        plan: { changes: [{ field: 'auto_stop_mins', before: 120, after: 10 }] },
        previousValue: { auto_stop_mins: 120 },
        observedValue: { auto_stop_mins: 10 },
      });
    });

    it('stores one filed plan per fingerprint and reads it back whole; a rescan replaces it', async () => {
      const { store } = ctx;
      const { filed } = fileAutoStopPlan({ issueId: '10452', issueKey: 'FINOPS-17', warehouseId: 'wh-1' });
      expect(await store.getFiledPlan(filed.fingerprint)).toBeUndefined();
      await store.saveFiledPlan(filed);
      expect(await store.getFiledPlan(filed.fingerprint)).toEqual(filed);
      await store.saveFiledPlan({
        ...filed,
        issueId: '10999',
        issueKey: 'FINOPS-99',
        updatedAt: '2026-09-27T00:00:00.000Z',
      });
      expect(await store.getFiledPlan(filed.fingerprint)).toMatchObject({
        issueId: '10999',
        filedAt: filed.filedAt,
        updatedAt: '2026-09-27T00:00:00.000Z',
      });
    });
  });
}
