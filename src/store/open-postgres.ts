import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

/**
 * Opens a pg connection pool for `connectionString` (`postgres://…` or `postgresql://…`; libpq-style
 * query parameters such as `sslmode` or `options=-c search_path=…` are honoured by pg) and wraps it in
 * kysely. Nothing connects until the first query.
 *
 * @param options.max pool size (pg default 10).
 */
export function openPostgres(connectionString: string, options: { max?: number } = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
