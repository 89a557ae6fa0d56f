import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Most distinct SQL texts kept prepared; the oldest is dropped beyond it (queries with varying IN lists). */
const MAX_STATEMENTS = 256;

/**
 * The better-sqlite3 database as kysely's SqliteDialect sees it, with each SQL text prepared once and reused
 * (kysely's SQLite driver calls `prepare` on every query; preparing compiles the SQL each time). A statement
 * still being iterated (`busy`, a streamed select) is not shared: that call prepares a fresh one.
 * better-sqlite3 statements: https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#class-statement
 */
export function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare: (sql: string) => {
      const cached = cache.get(sql);
      if (cached !== undefined) return cached.busy ? database.prepare(sql) : cached;
      const statement = database.prepare(sql);
      if (cache.size >= MAX_STATEMENTS) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
