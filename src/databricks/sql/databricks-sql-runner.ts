import { DBSQLClient, DBSQLParameter, DBSQLParameterType } from '@databricks/sql';
import { ExternalServiceError } from '../../errors.ts';
import { DatabricksPermissionError, MetadataBoundaryError } from '../errors.ts';
import type { SqlParams, SqlRow, SqlRunner } from './sql-runner.ts';
import { STATEMENTS } from './statements.ts';

/** The subset of the @databricks/sql session/operation API the adapter uses (so tests can fake it). */
export interface SqlOperationLike {
  fetchChunk(options: { maxRows: number; disableBuffering?: boolean }): Promise<object[]>;
  hasMoreRows(): Promise<boolean>;
  close(): Promise<unknown>;
}
export interface SqlSessionLike {
  executeStatement(
    sql: string,
    options: { namedParameters?: Record<string, DBSQLParameter>; queryTags?: Record<string, string> },
  ): Promise<SqlOperationLike>;
  close(): Promise<unknown>;
}
/** Opens a session tagged for one collector. */
export type OpenSession = (collector: string) => Promise<SqlSessionLike>;

export interface DatabricksSqlConnection {
  host: string;
  warehouseId: string;
  token?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** STATEMENT_TIMEOUT in seconds (default 600). */
  statementTimeoutSeconds?: number;
}

/**
 * Connects a DBSQLClient to the warehouse (PAT or `databricks-oauth` M2M) with
 * `preserveBigNumericPrecision: true` (DECIMAL → string, BIGINT → bigint) and returns a session opener
 * (configuration STATEMENT_TIMEOUT, queryTags {app:'lakewarden', collector}) and a close function.
 * Driver docs: https://docs.databricks.com/en/dev-tools/nodejs-sql-driver.html
 */
export async function connectDatabricksSql(
  connection: DatabricksSqlConnection,
): Promise<{ openSession: OpenSession; close: () => Promise<void> }> {
  const client = new DBSQLClient();
  const host = connection.host.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const path = `/sql/1.0/warehouses/${connection.warehouseId}`;
  const auth =
    connection.clientId !== undefined && connection.clientSecret !== undefined
      ? {
          authType: 'databricks-oauth' as const,
          oauthClientId: connection.clientId,
          oauthClientSecret: connection.clientSecret,
        }
      : { authType: 'access-token' as const, token: connection.token ?? '' };
  await client.connect({ host, path, ...auth, preserveBigNumericPrecision: true, telemetryEnabled: false });
  const timeout = String(connection.statementTimeoutSeconds ?? 600);
  return {
    openSession: async (collector) =>
      (await client.openSession({
        configuration: { STATEMENT_TIMEOUT: timeout },
        queryTags: { app: 'lakewarden', collector },
      })) as unknown as SqlSessionLike,
    close: async () => {
      await client.close();
    },
  };
}

/**
 * SqlRunner over @databricks/sql. Refuses any name outside the registry (MetadataBoundaryError) before
 * touching the network; binds named DATE parameters with DBSQLParameter; streams with
 * fetchChunk/hasMoreRows (never fetchAll).
 * @throws MetadataBoundaryError; DatabricksPermissionError for missing grants (INSUFFICIENT_PERMISSIONS,
 *   PERMISSION_DENIED, TABLE_OR_VIEW_NOT_FOUND on system.* = schema not enabled or not granted);
 *   ExternalServiceError for other driver errors.
 */
export function createDatabricksSqlRunner(
  openSession: OpenSession,
  options: { chunkRows?: number; sleep?: (ms: number) => Promise<void> } = {},
): SqlRunner {
  const chunkRows = options.chunkRows ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async run(name: string, params: SqlParams, onRow: (row: SqlRow) => void | Promise<void>): Promise<number> {
      const statement = STATEMENTS.get(name);
      if (statement === undefined) {
        throw new MetadataBoundaryError(`statement "${name}" is not in the registry; refusing to run it`);
      }
      const namedParameters: Record<string, DBSQLParameter> = {};
      for (const key of statement.params) {
        const value = params[key];
        if (value === undefined) throw new MetadataBoundaryError(`statement "${name}" needs parameter :${key}`);
        namedParameters[key] = new DBSQLParameter({ type: DBSQLParameterType.DATE, value });
      }
      const sql = statement.sql;
      let count = 0;
      for (let attempt = 1; ; attempt++) {
        try {
          return await execute();
        } catch (error) {
          // Cold start of a just-started warehouse (databricks.md §6): retry the whole open + execute once,
          // but only before any row reached the caller (no duplicates).
          if (attempt >= 2 || count > 0 || !COLD_START.test(String((error as Error)?.message)))
            throw toSqlError(name, error);
          await sleep(5000);
        }
      }

      async function execute(): Promise<number> {
        let session: SqlSessionLike | undefined;
        try {
          session = await openSession(name);
          const operation = await session.executeStatement(sql, {
            namedParameters,
            queryTags: { app: 'lakewarden', collector: name },
          });
          try {
            do {
              const rows = await operation.fetchChunk({ maxRows: chunkRows, disableBuffering: true });
              for (const row of rows) {
                await onRow(row as SqlRow);
                count++;
              }
            } while (await operation.hasMoreRows());
          } finally {
            await operation.close();
          }
          return count;
        } finally {
          await session?.close();
        }
      }
    },
  };
}

const COLD_START = /has not been initialized|Max retry count exceeded|TEMPORARILY_UNAVAILABLE|503/;
const PERMISSION =
  /INSUFFICIENT_PERMISSIONS|PERMISSION_DENIED|does not have (USE|SELECT)|TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND/;

function toSqlError(name: string, error: unknown): Error {
  if (error instanceof ExternalServiceError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const code = /\b([A-Z][A-Z_]{5,})\b/.exec(text)?.[1] ?? 'SQL_ERROR';
  if (PERMISSION.test(text)) {
    return new DatabricksPermissionError(
      'databricks',
      `SQL ${name}: ${code} — the system schema is not enabled or the principal lacks USE CATALOG system / USE SCHEMA / SELECT (docs/security.md)`,
      { cause: error },
    );
  }
  return new ExternalServiceError('databricks', `SQL ${name}: ${code}`, { cause: error });
}
