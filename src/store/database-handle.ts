import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** The two SQL dialects lakewarden stores into. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * An open database plus its dialect. The store primitives (inbox, actions, history, outbox, leases,
 * settings) take one of these; `createStore` returns one.
 */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: SqlDialect;
}
