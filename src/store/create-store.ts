import type { Kysely } from 'kysely';
import type { Store } from '../records/store.ts';
import type { Database } from './database.ts';
import type { SqlDialect } from './database-handle.ts';
import { createKyselyStore } from './kysely-store.ts';

/** A Store plus the kysely instance and dialect, so the approvals primitives can share the database. */
export type OpenedStore = Store & { db: Kysely<Database>; dialect: SqlDialect };

/**
 * Opens the store: Postgres when `databaseUrl` starts with `postgres://` or `postgresql://`
 * (several replicas), else SQLite at `sqlitePath` (`':memory:'` allowed for tests). Runs the
 * migrations before returning, so the result is ready to use.
 *
 * @throws LakewardenError when a migration fails; the driver's error when the database is unreachable.
 */
export async function createStore(options: { databaseUrl?: string; sqlitePath: string }): Promise<OpenedStore> {
  const url = options.databaseUrl;
  const dialect: SqlDialect = url !== undefined && /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
  // Each driver (pg, better-sqlite3) loads only when its dialect is used.
  const db =
    dialect === 'postgres' && url !== undefined
      ? (await import('./open-postgres.ts')).openPostgres(url)
      : (await import('./open-sqlite.ts')).openSqlite(options.sqlitePath);
  const store = createKyselyStore({ db, dialect });
  try {
    await store.migrate();
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { ...store, db, dialect };
}
