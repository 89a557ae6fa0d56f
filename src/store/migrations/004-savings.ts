import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';

/**
 * Migration 004: the verified-savings ledger (`savings_ledger`), one row per measurement, claimed by a
 * unique `measurement_key` (`action:<actionId>` or `manual:<fingerprint>`) so a change is measured
 * once however often the scheduler runs. Money is double precision USD; days are `YYYY-MM-DD`
 * (inclusive); times ISO-8601 UTC; `reasons` and `confounders` hold canonical JSON arrays of strings.
 * `status`: `measured` (row written, Jira not yet updated) → `posted` (comment + field written).
 */
export function createSavingsMigration(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('savings_ledger')
        .addColumn('measurement_key', 'text', (c) => c.primaryKey())
        .addColumn('action_id', 'text')
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('issue_id', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('resource_kind', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('change_at', 'text', (c) => c.notNull())
        .addColumn('before_from', 'text', (c) => c.notNull())
        .addColumn('before_to', 'text', (c) => c.notNull())
        .addColumn('after_from', 'text', (c) => c.notNull())
        .addColumn('after_to', 'text', (c) => c.notNull())
        .addColumn('before_usd_per_day', 'double precision', (c) => c.notNull())
        .addColumn('after_usd_per_day', 'double precision', (c) => c.notNull())
        .addColumn('verified_usd_per_month', 'double precision', (c) => c.notNull())
        .addColumn('normaliser', 'text', (c) => c.notNull())
        .addColumn('formula', 'text', (c) => c.notNull())
        .addColumn('confidence', 'text', (c) => c.notNull().check(sql`confidence in ('high', 'medium', 'low')`))
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('confounders', 'text', (c) => c.notNull())
        .addColumn('price_basis', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('measured', 'posted')`))
        .addColumn('measured_at', 'text', (c) => c.notNull())
        .addColumn('posted_at', 'text')
        .execute();
      await db.schema.createIndex('savings_ledger_status_idx').on('savings_ledger').column('status').execute();
      await db.schema.createIndex('savings_ledger_issue_idx').on('savings_ledger').column('issue_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('savings_ledger').execute();
    },
  };
}
