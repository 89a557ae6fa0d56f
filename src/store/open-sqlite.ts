import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.ts';
import { withStatementCache } from './statement-cache.ts';

/** How long a writer waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the SQLite file at `path` with better-sqlite3 and wraps it in kysely.
 * Creates the parent folder (e.g. `.lakewarden/`). Sets `journal_mode = WAL` (readers do not block the
 * writer), `synchronous = FULL` (durable commits), `foreign_keys = ON` and `busy_timeout` so a second process waits instead of failing at once.
 * Statements are prepared once per SQL text and reused (statement-cache.ts).
 * `':memory:'` opens a private in-memory database (tests).
 *
 * @throws the better-sqlite3 error (`SqliteError`, or a filesystem error) when the file cannot be
 * created or opened.
 */
export function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it returns, so a 202 to a webhook is never lost to a power cut. Set
  // explicitly: better-sqlite3 builds with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, i.e. NORMAL when an existing WAL file
  // is reopened (https://www.sqlite.org/pragma.html#pragma_synchronous).
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}
