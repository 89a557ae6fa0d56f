import type { SqlDialect } from './database-handle.ts';

/**
 * The dialect a store URL selects: `postgres` when `databaseUrl` starts with `postgres://` or `postgresql://`
 * (any case), else `sqlite`. Imports no database module, so a command can know the dialect before opening.
 */
export function storeDialect(databaseUrl: string | undefined): SqlDialect {
  return databaseUrl !== undefined && /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgres' : 'sqlite';
}
