import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';

/**
 * Migration 007: per-issue snoozes (`snoozes`), one row per fingerprint: until when (ISO-8601 UTC) the scan leaves
 * the issue alone, who snoozed it (Jira accountId and display name), the reason as given, and `source`
 * (`comment:<comment id>` or `changelog:<changelog id>`), which makes a second delivery of the same command a no-op.
 */
export function createSnoozesMigration(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('snoozes')
        .addColumn('fingerprint', 'text', (c) => c.primaryKey())
        .addColumn('issue_id', 'text', (c) => c.notNull())
        .addColumn('issue_key', 'text', (c) => c.notNull())
        .addColumn('until', 'text', (c) => c.notNull())
        .addColumn('by_account_id', 'text', (c) => c.notNull())
        .addColumn('by_name', 'text')
        .addColumn('reason', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('snoozes').execute();
    },
  };
}
