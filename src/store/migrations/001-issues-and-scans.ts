import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';

/**
 * Migration 001: the tables behind the `Store` port — `issues` (fingerprint ↔ Jira issue),
 * `scan_runs` and `account_cache`. Identical DDL on SQLite and Postgres (`double precision` has REAL
 * affinity in SQLite). The dialect parameter is unused here but keeps every migration's shape alike.
 */
export function createIssuesAndScansMigration(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('issues')
        .addColumn('fingerprint', 'text', (c) => c.primaryKey())
        .addColumn('issue_id', 'text', (c) => c.notNull().unique())
        .addColumn('issue_key', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('resource_kind', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('estimated_savings_usd', 'double precision', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('team', 'text')
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('declined_at', 'text')
        .addColumn('resolved_at', 'text')
        .execute();
      await db.schema.createIndex('issues_state_idx').on('issues').column('state').execute();

      await db.schema
        .createTable('scan_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('findings', 'integer', (c) => c.notNull())
        .addColumn('created', 'integer', (c) => c.notNull())
        .addColumn('updated', 'integer', (c) => c.notNull())
        .addColumn('resolved', 'integer', (c) => c.notNull())
        .addColumn('unchanged', 'integer', (c) => c.notNull())
        .addColumn('suppressed', 'integer', (c) => c.notNull())
        .addColumn('estimated_usd_per_month', 'double precision', (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('scan_runs_started_at_idx').on('scan_runs').column('started_at').execute();

      await db.schema
        .createTable('account_cache')
        .addColumn('email', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text')
        .addColumn('cached_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('account_cache').execute();
      await db.schema.dropTable('scan_runs').execute();
      await db.schema.dropTable('issues').execute();
    },
  };
}
