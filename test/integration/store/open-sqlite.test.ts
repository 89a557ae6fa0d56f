import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/store/open-sqlite.ts';
import { withStatementCache } from '../../../src/store/statement-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'lw-open-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openSqlite', () => {
  it('commits with synchronous = FULL, also when an existing WAL file is reopened', async () => {
    const path = join(dir, 'durable.db');
    for (let open = 0; open < 2; open++) {
      const db = openSqlite(path);
      const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db);
      expect(rows[0]?.synchronous).toBe(2);
      const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      await db.destroy();
    }
  });
});

describe('withStatementCache', () => {
  it('prepares each SQL text once and reuses it, but never shares a statement still being iterated', () => {
    const database = new BetterSqlite3(':memory:');
    const cached = withStatementCache(database);
    database.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2)');
    const select = 'SELECT n FROM t ORDER BY n';
    const first = cached.prepare(select);
    expect(cached.prepare(select)).toBe(first);
    const iterator = (first as BetterSqlite3.Statement).iterate();
    iterator.next();
    const during = cached.prepare(select);
    expect(during).not.toBe(first);
    expect((during as BetterSqlite3.Statement).all()).toEqual([{ n: 1 }, { n: 2 }]);
    iterator.return?.();
    expect(cached.prepare(select)).toBe(first);
    cached.close();
  });
});
