import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';

/**
 * Migration 005: `filed_plans` — the plan lakewarden filed for each finding (one row per fingerprint: the
 * issue it was filed on, the plan as canonical JSON, its plan id `plan_hash`, and the one-resource snapshot
 * the rule matched, `basis`), which approvals apply instead of anything read from Jira. Actions keep their
 * plan id inside the `plan` document (approval-ports/action-row.ts); actions stored before this migration
 * have none and read as `planHash: null`. Identical DDL on SQLite and Postgres.
 */
export function createFiledPlansMigration(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('filed_plans')
        .addColumn('fingerprint', 'text', (c) => c.primaryKey())
        .addColumn('issue_id', 'text', (c) => c.notNull())
        .addColumn('issue_key', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('resource_kind', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('strategy', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('plan_hash', 'text', (c) => c.notNull())
        .addColumn('estimate_usd_per_month', 'double precision', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('basis', 'text', (c) => c.notNull())
        .addColumn('filed_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('filed_plans_issue_id_idx').on('filed_plans').column('issue_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('filed_plans').execute();
    },
  };
}
