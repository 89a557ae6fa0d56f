import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import type { DatabaseHandle } from './database-handle.ts';

/**
 * Runs `work` in one transaction that is serialized against every other caller using the same
 * `lockKey`, on both dialects:
 * - Postgres: `pg_advisory_xact_lock(lockKey)` first thing in the transaction (released at commit or
 *   rollback), so replicas take turns;
 * - SQLite: `BEGIN IMMEDIATE` on kysely's single connection, taking the database write lock up front
 *   (so a read-then-write cannot fail with SQLITE_BUSY half way; other processes wait `busy_timeout`).
 *
 * @returns what `work` returns, after commit.
 * @throws whatever `work` or the database throws; the transaction is rolled back.
 */
export async function withSerializedWrite<T>(
  handle: DatabaseHandle,
  lockKey: number,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (handle.dialect === 'postgres') {
    return await handle.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${lockKey})`.execute(trx);
      return await work(trx);
    });
  }
  return await handle.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
