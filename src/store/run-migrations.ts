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
  const migrator = new Migrator({ db: handle.db, provider: createMigrationProvider(handle.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    const what = failed === undefined ? 'store migrations' : `store migration ${failed}`;
    throw new LakewardenError(`${what} failed on ${handle.dialect}: ${detail}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
