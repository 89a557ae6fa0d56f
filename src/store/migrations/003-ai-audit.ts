import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../database-handle.ts';

/** The message both dialects' append-only triggers on `ai_audit` raise. */
export const AI_AUDIT_APPEND_ONLY_MESSAGE = 'ai_audit is append-only';

/**
 * Migration 003: the AI tables — `ai_audit` (one append-only row per model exchange: time, endpoint,
 * region, model, minimizer version, SHA-256 of the exact prompt, the minimized request and the response,
 * token counts; docs/security.md "The model boundary") and `ai_call_budget` (model calls per UTC day). Append-only is
 * enforced by triggers as in migration 002.
 */
export function createAiAuditMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('ai_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('endpoint', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('minimizer_version', 'integer', (c) => c.notNull())
        .addColumn('prompt_sha256', 'text', (c) => c.notNull())
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('response', 'text')
        .addColumn('error', 'text')
        .addColumn('input_tokens', 'integer', (c) => c.notNull())
        .addColumn('output_tokens', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ai_audit_at_idx').on('ai_audit').column('at').execute();
      await addAppendOnlyTriggers(db, dialect);

      await db.schema
        .createTable('ai_call_budget')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('ai_call_budget').execute();
      await db.schema.dropTable('ai_audit').execute();
      if (dialect === 'postgres') await sql`drop function if exists lw_ai_audit_append_only()`.execute(db);
    },
  };
}

async function addAppendOnlyTriggers(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const message = sql.lit(AI_AUDIT_APPEND_ONLY_MESSAGE);
  if (dialect === 'sqlite') {
    await sql`create trigger ai_audit_no_update before update on ai_audit begin select raise(abort, ${message}); end`.execute(
      db,
    );
    await sql`create trigger ai_audit_no_delete before delete on ai_audit begin select raise(abort, ${message}); end`.execute(
      db,
    );
    return;
  }
  await sql`
    create or replace function lw_ai_audit_append_only() returns trigger language plpgsql as $$
    begin
      raise exception ${message};
    end
    $$`.execute(db);
  await sql`create trigger ai_audit_no_update_delete before update or delete on ai_audit
    for each row execute function lw_ai_audit_append_only()`.execute(db);
}
