import { databricksAuthSources, databricksConfigured, resolveDatabricksAuth } from '../config/databricks-auth.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { WorkspaceApi } from '../remediation/workspace-api.ts';
import type { CallMetricsPort } from '../server/metrics.ts';
import type { BillingSource } from '../snapshot/billing-source.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import { VERSION } from '../version.ts';
import type { TokenProvider } from './auth/token-provider.ts';
import type { DatabricksTargets } from './collect/databricks-targets.ts';
import type { LiveCollectionOptions } from './collect/live-collection.ts';
import type { DoctorCheck, runDatabricksDoctor } from './doctor-checks.ts';
import type { EnsureWarehouseOptions } from './sql/ensure-warehouse-running.ts';

/**
 * The Databricks adapters the CLI and the scheduled jobs read with, over the resolved credentials (environment,
 * profile or lakewarden.yaml). The SQL driver and the REST clients are imported on first call.
 */
export interface DatabricksAccess {
  /** True when a workspace is configured. */
  configured(): boolean;
  /**
   * One collection plan per region and the credentials of each host; reads the workspace id (`/Me`) when
   * lakewarden.yaml does not give it. @throws ConfigError without a warehouse or credentials
   */
  targets(): Promise<DatabricksTargets>;
  /** A live snapshot of the configured account (`./collect/live-collection.ts` for the options). */
  collectSnapshot(options: LiveCollectionOptions): Promise<Snapshot>;
  /** The SQL and REST checks of one region (`lakewarden doctor`). */
  doctor(options: Parameters<typeof runDatabricksDoctor>[0]): Promise<DoctorCheck[]>;
  /**
   * Billing from system.billing.usage over the default SQL warehouse; with `ensureRunning` the warehouse is
   * checked (and started when allowed) first. Call `close` when done.
   * @throws ConfigError when DATABRICKS_WAREHOUSE_ID (or the profile's warehouse_id) is not set
   */
  openSqlBilling(options: {
    /** Receives the SQL driver's log lines (default: the services' logger). */
    logger?: Logger;
    ensureRunning?: Omit<EnsureWarehouseOptions, 'reader' | 'call' | 'warehouseId'>;
  }): Promise<{ billing: BillingSource; close: () => Promise<void> }>;
}

/** One Databricks workspace as `serve` uses it: its host, token provider, instrumented fetch and WorkspaceApi. */
export interface DatabricksWorkspace {
  host: string;
  auth: TokenProvider;
  fetch: typeof fetch;
  api: WorkspaceApi;
}

/**
 * The Databricks readers over the resolved credentials; `logger` receives the SQL driver's log lines.
 * Needs no store: `lakewarden snapshot collect` uses it alone.
 */
export function createDatabricksAccess(loaded: LoadedConfig, logger: Logger): DatabricksAccess {
  const targets = async (): Promise<DatabricksTargets> => {
    const [{ resolveDatabricksTargets }, { readWorkspaceId }, { createTokenProvider }] = await Promise.all([
      import('./collect/databricks-targets.ts'),
      import('./rest/read-workspace-id.ts'),
      import('./auth/create-token-provider.ts'),
    ]);
    return resolveDatabricksTargets(loaded, (credentials) =>
      readWorkspaceId({
        host: credentials.host,
        auth: createTokenProvider(credentials),
        userAgent: `lakewarden/${VERSION}`,
      }),
    );
  };
  return {
    configured: () => databricksConfigured(loaded),
    targets,
    async collectSnapshot(options) {
      const [{ collectAccountSnapshot }, { liveCollectionSettings }] = await Promise.all([
        import('./collect/collect-account-snapshot.ts'),
        import('./collect/live-collection.ts'),
      ]);
      const { regions, credentialsFor } = await targets();
      return collectAccountSnapshot({ credentialsFor, regions, ...liveCollectionSettings(loaded, options), logger });
    },
    async doctor(options) {
      const { runDatabricksDoctor } = await import('./doctor-checks.ts');
      return runDatabricksDoctor(options);
    },
    async openSqlBilling(options) {
      const { credentials, warehouseId } = resolveDatabricksAuth(databricksAuthSources(loaded));
      if (warehouseId === undefined) {
        throw new ConfigError(
          'DATABRICKS_WAREHOUSE_ID (or warehouse_id in the profile) is not set: billing is read through a SQL warehouse',
        );
      }
      const [{ connectDatabricksSql, createDatabricksSqlRunner }, { createSqlBillingSource }, { createTokenProvider }] =
        await Promise.all([
          import('./sql/databricks-sql-runner.ts'),
          import('./sql/sql-billing-source.ts'),
          import('./auth/create-token-provider.ts'),
        ]);
      const auth = createTokenProvider(credentials);
      if (options.ensureRunning !== undefined) {
        const [{ createWorkspaceReader }, { ensureWarehouseRunning }] = await Promise.all([
          import('./rest/create-workspace-reader.ts'),
          import('./sql/ensure-warehouse-running.ts'),
        ]);
        const { reader, call } = createWorkspaceReader({ host: credentials.host, auth, version: VERSION });
        await ensureWarehouseRunning({ ...options.ensureRunning, reader, call, warehouseId });
      }
      const connection = await connectDatabricksSql({
        host: credentials.host,
        warehouseId,
        auth,
        logger: options.logger ?? logger,
      });
      return {
        billing: createSqlBillingSource(
          createDatabricksSqlRunner(connection.openSession, { errorContext: connection.errorContext }),
        ),
        close: connection.close,
      };
    },
  };
}

/**
 * The workspace adapters `serve` applies and verifies changes with (main.ts Services.databricksWorkspace); the token
 * provider, REST client and fetch wrapper are imported now.
 * @throws ConfigError when no workspace is configured or its credentials are incomplete
 */
export async function createDatabricksWorkspace(
  loaded: LoadedConfig,
  options: { version: string; callMetrics: CallMetricsPort },
): Promise<DatabricksWorkspace> {
  const { credentials } = resolveDatabricksAuth(databricksAuthSources(loaded));
  const [{ createTokenProvider }, { createWorkspaceApi }, { instrumentFetch }] = await Promise.all([
    import('./auth/create-token-provider.ts'),
    import('./rest/write/create-workspace-api.ts'),
    import('../server/instrument-fetch.ts'),
  ]);
  const auth = createTokenProvider(credentials);
  const fetch = instrumentFetch(options.callMetrics);
  return {
    host: credentials.host,
    auth,
    fetch,
    api: createWorkspaceApi({ host: credentials.host, auth, version: options.version, fetch }),
  };
}
