import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { LakewardenError } from '../errors.ts';
import type { DatabaseHandle } from './database-handle.ts';
import { createMigrationProvider } from './migrations/list-migrations.ts';

/**
 * Applies every pending migration in order; idempotent (already applied ones are skipped). On
 * Postgres kysely's Migrator takes a lock so replicas starting together migrate once.
 *
 * @returns the names of the migrations applied by this call (empty when up to date).
 * @throws LakewardenError naming the failed migration, with the database error as `cause`.
 */
export async function runMigrations(handle: DatabaseHandle): Promise<string[]> {
  // On Postgres the migration bookkeeping tables live in the connection's current schema: kysely would
  // otherwise find `kysely_migration*` tables of another schema in the same database (its existence check
  // looks at every schema) and then fail to use them through this connection's search_path.
  const schema = handle.dialect === 'postgres' ? await currentSchema(handle) : undefined;
  const migrator = new Migrator({
    db: handle.db,
    provider: createMigrationProvider(handle.dialect),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    const what = failed === undefined ? 'store migrations' : `store migration ${failed}`;
    throw new LakewardenError(`${what} failed on ${handle.dialect}: ${detail}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(handle: DatabaseHandle): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db);
  const schema = rows[0]?.schema;
  if (schema === undefined || schema === null)
    throw new LakewardenError(
      'store migrations failed on postgres: no current schema (search_path names no existing schema)',
    );
  return schema;
}
