import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';

/**
 * Migration 006: what `/lakewarden ask` may read in `serve` (src/ai/ask-data.ts) — the last scan's findings
 * (`ask_findings`, one row per finding) and, for the resources those findings are about, their snapshot
 * records (`ask_resources`: configuration, facts and daily series — the same metadata boundary as the snapshot)
 * plus the snapshot header (`ask_snapshot`: window, prices, workspaces; one row). Replaced on every scan that
 * files issues, pruned by housekeeping.
 */
export function createAskDataMigration(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('ask_snapshot')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('scan_id', 'text', (c) => c.notNull())
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .addColumn('header', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ask_resources')
        .addColumn('resource_key', 'text', (c) => c.primaryKey())
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ask_findings')
        .addColumn('fingerprint', 'text', (c) => c.primaryKey())
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .addColumn('finding', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('ask_findings').execute();
      await db.schema.dropTable('ask_resources').execute();
      await db.schema.dropTable('ask_snapshot').execute();
    },
  };
}
