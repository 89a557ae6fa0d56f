import type { Kysely } from 'kysely';
import type { Store } from '../records/store.ts';
import type { Database } from './database.ts';
import type { SqlDialect } from './database-handle.ts';
import { createKyselyStore } from './kysely-store.ts';
import { storeDialect } from './store-dialect.ts';

/** A Store plus the kysely instance and dialect, so the approvals primitives can share the database. */
export type OpenedStore = Store & { db: Kysely<Database>; dialect: SqlDialect };

/**
 * Opens the store: Postgres when `databaseUrl` starts with `postgres://` or `postgresql://` (several replicas;
 * store-dialect.ts), else SQLite at `sqlitePath` (`':memory:'` allowed for tests), creating the file when it does
 * not exist. Runs the migrations before returning, so the result is ready to use. The commands open it through
 * deferred-store.ts, which leaves a missing SQLite file alone until the first write.
 *
 * @throws LakewardenError when a migration fails; the driver's error when the database is unreachable.
 */
export async function createStore(options: { databaseUrl?: string; sqlitePath: string }): Promise<OpenedStore> {
  const url = options.databaseUrl;
  const dialect = storeDialect(url);
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
