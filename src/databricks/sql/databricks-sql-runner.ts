import {
  DBSQLClient,
  DBSQLParameter,
  DBSQLParameterType,
  type ITokenProvider,
  type LogLevel,
  auth as sqlAuth,
} from '@databricks/sql';
import type { Logger } from 'pino';
import { ConfigError } from '../../errors.ts';
import { createTokenProvider } from '../auth/create-token-provider.ts';
import type { TokenProvider } from '../auth/token-provider.ts';
import { MetadataBoundaryError } from '../errors.ts';
import { isColdStart, type SqlErrorContext, toSqlError } from './sql-error.ts';
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
  /** Workspace URL as configured (`https://host[:port]`); a bare host name is read as https. */
  host: string;
  warehouseId: string;
  token?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /**
   * The token source shared with the REST client (one token cache for REST and SQL); created from the
   * credentials above when absent.
   */
  auth?: TokenProvider;
  /** STATEMENT_TIMEOUT in seconds (default 600). */
  statementTimeoutSeconds?: number;
  /** Receives the driver's own log lines (never stdout); silent when absent. */
  logger?: Logger;
  /**
   * The driver's HTTP retry budget for 429/5xx and network errors (driver defaults: 5 attempts, 1–60 s apart,
   * 15 minutes in all). A stopped or starting warehouse answers 503 until it runs.
   */
  retry?: { maxAttempts?: number; delayMinMs?: number; delayMaxMs?: number; timeoutMs?: number };
}

/** Host name and port of a workspace URL (the driver takes them apart; `host:port` in `host` is an invalid URL). */
export function sqlEndpointOf(host: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(host) ? host : `https://${host}`);
  } catch {
    throw new ConfigError(
      `DATABRICKS_HOST: expected a workspace URL such as https://dbc-….cloud.databricks.com, got "${host}"`,
    );
  }
  if (url.protocol !== 'https:')
    throw new ConfigError(`DATABRICKS_HOST: the SQL warehouse is reached over https only, got "${url.protocol}//"`);
  return { host: url.hostname, port: url.port === '' ? 443 : Number(url.port) };
}

/** The driver's IDBSQLLogger over lakewarden's logger: every driver line at debug, tagged `component: databricks-sql`. */
type DriverLogger = NonNullable<NonNullable<ConstructorParameters<typeof DBSQLClient>[0]>['logger']>;

function driverLogger(logger: Logger | undefined): DriverLogger {
  const child = logger?.child({ component: 'databricks-sql' });
  return {
    log: (level: LogLevel, message: string) => child?.debug({ driverLevel: level }, message),
  };
}

/** The driver's `token-provider` auth over lakewarden's TokenProvider (same cache as the REST client). */
function driverTokenProvider(auth: TokenProvider): ITokenProvider {
  return {
    getName: () => `lakewarden-${auth.method}`,
    getToken: async () => new sqlAuth.Token(await auth.token()),
  };
}

/**
 * Connects a DBSQLClient to the warehouse over HTTPS on the host and port of `host`, authenticated by
 * lakewarden's own TokenProvider through the driver's `token-provider` auth (PAT or OAuth M2M on every cloud: the
 * driver's `databricks-oauth` mode refuses hosts it does not recognise and switches to Entra ID on Azure), with
 * `preserveBigNumericPrecision: true` (DECIMAL → string, BIGINT → bigint) and the driver's logs sent to `logger`.
 * Returns a session opener (configuration STATEMENT_TIMEOUT, queryTags {app:'lakewarden', collector}), the context
 * the runner's errors need, and a close function.
 * Driver docs: https://docs.databricks.com/en/dev-tools/nodejs-sql-driver.html
 * @throws ConfigError for a host that is not an https URL or missing credentials.
 */
export async function connectDatabricksSql(
  connection: DatabricksSqlConnection,
): Promise<{ openSession: OpenSession; close: () => Promise<void>; errorContext: SqlErrorContext }> {
  const endpoint = sqlEndpointOf(connection.host);
  const auth =
    connection.auth ??
    createTokenProvider({
      host: connection.host,
      token: connection.token,
      clientId: connection.clientId,
      clientSecret: connection.clientSecret,
    });
  const client = new DBSQLClient({ logger: driverLogger(connection.logger) });
  const path = `/sql/1.0/warehouses/${connection.warehouseId}`;
  const retry = connection.retry ?? {};
  await client.connect({
    host: endpoint.host,
    port: endpoint.port,
    path,
    authType: 'token-provider',
    tokenProvider: driverTokenProvider(auth),
    preserveBigNumericPrecision: true,
    telemetryEnabled: false,
    ...(retry.maxAttempts === undefined ? {} : { retryMaxAttempts: retry.maxAttempts }),
    ...(retry.delayMinMs === undefined ? {} : { retryDelayMin: retry.delayMinMs }),
    ...(retry.delayMaxMs === undefined ? {} : { retryDelayMax: retry.delayMaxMs }),
    ...(retry.timeoutMs === undefined ? {} : { retriesTimeout: retry.timeoutMs }),
  });
  const timeoutSeconds = connection.statementTimeoutSeconds ?? 600;
  return {
    openSession: async (collector) =>
      (await client.openSession({
        configuration: { STATEMENT_TIMEOUT: String(timeoutSeconds) },
        queryTags: { app: 'lakewarden', collector },
      })) as unknown as SqlSessionLike,
    close: async () => {
      await client.close();
    },
    errorContext: {
      host: connection.host,
      warehouseId: connection.warehouseId,
      credentialNames: auth.credentialNames,
      statementTimeoutSeconds: timeoutSeconds,
    },
  };
}

/**
 * SqlRunner over @databricks/sql. Refuses any name outside the registry (MetadataBoundaryError) before
 * touching the network; binds named DATE parameters with DBSQLParameter; streams with
 * fetchChunk/hasMoreRows (never fetchAll).
 * @throws MetadataBoundaryError; otherwise the one error toSqlError (sql-error.ts) makes of the driver's failure:
 *   DatabricksPermissionError (missing grant), AuthenticationError (rejected credentials), DatabricksSqlError
 *   (schema missing, warehouse unavailable, network/TLS, timeout, other), each naming the statement.
 */
export function createDatabricksSqlRunner(
  openSession: OpenSession,
  options: { chunkRows?: number; sleep?: (ms: number) => Promise<void>; errorContext?: SqlErrorContext } = {},
): SqlRunner {
  const errorContext = options.errorContext ?? {
    host: 'the workspace',
    warehouseId: 'the warehouse',
    credentialNames: 'the Databricks credentials',
    statementTimeoutSeconds: 600,
  };
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
          // Cold start of a just-started warehouse (https://github.com/databricks/databricks-sql-nodejs#readme): retry the whole open + execute once,
          // but only before any row reached the caller (no duplicates).
          if (attempt >= 2 || count > 0 || !isColdStart(error)) throw toSqlError(name, sql, error, errorContext);
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
