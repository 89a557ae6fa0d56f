import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';

/** The message both dialects' append-only triggers raise; tests and callers may match on it. */
export const HISTORY_APPEND_ONLY_MESSAGE = 'history is append-only';

/**
 * Migration 002: the approvals tables — `inbox` (webhook deliveries), `actions` (write-ahead action
 * records claimed by a unique `action_key`), `history` (append-only, hash-chained), `outbox` (Jira
 * writes), `leases` (leader locks) and `settings` (kill switch). `history` is made append-only by
 * triggers: SQLite `BEFORE UPDATE`/`BEFORE DELETE` with `RAISE(ABORT, …)`; Postgres a row-level
 * `BEFORE UPDATE OR DELETE` and a statement-level `BEFORE TRUNCATE` trigger. See
 * docs/decisions/0002-storage.md for the limits of that enforcement.
 */
export function createActionsHistoryInboxOutboxMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('inbox')
        .addColumn('delivery_id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('pending', 'processing', 'done', 'failed')`),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_at', 'text')
        .addColumn('processed_at', 'text')
        .execute();
      await db.schema.createIndex('inbox_status_idx').on('inbox').columns(['status', 'received_at']).execute();

      await db.schema
        .createTable('actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('action_key', 'text', (c) => c.notNull().unique())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('issue_id', 'text', (c) => c.notNull())
        .addColumn('strategy', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('resource_kind', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('approver', 'text')
        .addColumn('approved_at', 'text')
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('previous_value', 'text')
        .addColumn('target_value', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('actions_state_idx').on('actions').columns(['state', 'created_at']).execute();
      await db.schema.createIndex('actions_fingerprint_idx').on('actions').column('fingerprint').execute();

      await db.schema
        .createTable('history')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('action_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex('history_action_id_idx').on('history').columns(['action_id', 'seq']).execute();
      await addAppendOnlyTriggers(db, dialect);

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('action_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('comment', 'transition', 'field')`))
        .addColumn('issue_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();

      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('settings').execute();
      await db.schema.dropTable('leases').execute();
      await db.schema.dropTable('outbox').execute();
      await db.schema.dropTable('history').execute();
      if (dialect === 'postgres') await sql`drop function if exists lw_history_append_only()`.execute(db);
      await db.schema.dropTable('actions').execute();
      await db.schema.dropTable('inbox').execute();
    },
  };
}

async function addAppendOnlyTriggers(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const message = sql.lit(HISTORY_APPEND_ONLY_MESSAGE);
  if (dialect === 'sqlite') {
    await sql`create trigger history_no_update before update on history begin select raise(abort, ${message}); end`.execute(
      db,
    );
    await sql`create trigger history_no_delete before delete on history begin select raise(abort, ${message}); end`.execute(
      db,
    );
    return;
  }
  await sql`
    create or replace function lw_history_append_only() returns trigger language plpgsql as $$
    begin
      raise exception ${message};
    end
    $$`.execute(db);
  await sql`create trigger history_no_update_delete before update or delete on history
    for each row execute function lw_history_append_only()`.execute(db);
  await sql`create trigger history_no_truncate before truncate on history
    for each statement execute function lw_history_append_only()`.execute(db);
}
