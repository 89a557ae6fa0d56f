import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The Postgres the integration tests use; override with LAKEWARDEN_TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.LAKEWARDEN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why Postgres tests are skipped, or undefined when Postgres answered `select 1`. Decided once per file. */
export const pgUnavailableReason: string | undefined = await probe(TEST_DATABASE_URL);

/** True when the test Postgres is reachable. */
export const pgAvailable = pgUnavailableReason === undefined;

if (!pgAvailable) {
  console.warn(`Postgres tests SKIPPED: ${redact(TEST_DATABASE_URL)} is not reachable (${pgUnavailableReason}).`);
}

/**
 * Creates a fresh schema `lw_test_<random>` and returns a URL whose connections use it as
 * `search_path` (pg honours `options=-c search_path=…`), plus `drop()` to remove it with everything in it.
 */
export async function createTestSchema(): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const schema = `lw_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    drop: async () => {
      await adminQuery(`drop schema if exists ${schema} cascade`);
    },
  };
}

/** Runs one statement on its own connection (outside any store pool). */
export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
