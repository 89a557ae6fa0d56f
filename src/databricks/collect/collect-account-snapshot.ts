import type { Logger } from 'pino';
import type { DatabricksCredentials } from '../../config/databricks-credentials.ts';
import type { Snapshot, Workspace } from '../../snapshot/schema.ts';
import { createTokenProvider } from '../auth/create-token-provider.ts';
import type { TokenProvider } from '../auth/token-provider.ts';
import { WarehouseNotRunningError } from '../errors.ts';
import { createWorkspaceReader } from '../rest/create-workspace-reader.ts';
import type { WorkspaceReader } from '../rest/workspace-reader.ts';
import { connectDatabricksSql, createDatabricksSqlRunner } from '../sql/databricks-sql-runner.ts';
import { ensureWarehouseRunning } from '../sql/ensure-warehouse-running.ts';
import type { SqlRunner } from '../sql/sql-runner.ts';
import { collectSnapshot } from './collect-snapshot.ts';
import { mergeSnapshots } from './merge-snapshots.ts';
import type { RegionPlan } from './plan-collection.ts';

export interface AccountCollectionOptions {
  /** Credentials of each workspace and regional warehouse host (resolved by src/config/databricks-auth.ts). */
  credentialsFor: (host: string) => DatabricksCredentials;
  regions: RegionPlan[];
  version: string;
  window: { days: number; end: string };
  runtimeEndOfSupport: Record<string, string>;
  warehouseStartDeadlineMs: number;
  /** `databricks.startWarehouse`: start a stopped regional warehouse (false: read-only, never started). */
  startWarehouse: boolean;
  /** `databricks.betaPipelineEvents`: also read the Beta pipeline events table (collectSqlFacts). */
  betaPipelineEvents?: boolean;
  /** How to allow starting, appended to the refusal (e.g. "set databricks.startWarehouse: true"). */
  notStartedHint: string;
  onProgress: (message: string) => void;
  /**
   * `--require-full`: any unavailable system table or a stopped warehouse fails the collection. Default false:
   * collection degrades to the REST inventory and lists what is missing (Snapshot.missing).
   */
  requireFull?: boolean;
  /**
   * Opens the SQL runner of a regional warehouse with the region's token source (shared with its REST client);
   * defaults to @databricks/sql (tests inject a fake).
   */
  openSql?: (
    credentials: DatabricksCredentials,
    warehouseId: string,
    auth: TokenProvider,
  ) => Promise<{ sql: SqlRunner; close: () => Promise<void> }>;
  /** Receives the SQL driver's log lines (debug). */
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

function databricksSqlOpener(logger: Logger | undefined) {
  return async (
    credentials: DatabricksCredentials,
    warehouseId: string,
    auth: TokenProvider,
  ): Promise<{ sql: SqlRunner; close: () => Promise<void> }> => {
    const connection = await connectDatabricksSql({
      host: credentials.host,
      warehouseId,
      auth,
      ...(logger === undefined ? {} : { logger }),
    });
    return {
      sql: createDatabricksSqlRunner(connection.openSession, { errorContext: connection.errorContext }),
      close: connection.close,
    };
  };
}

/** A SQL runner for a warehouse that is not running: every statement fails with the same degradable error. */
function unavailableSql(error: WarehouseNotRunningError): SqlRunner {
  return { run: () => Promise.reject(error) };
}

/**
 * Collects a whole account: per region, the region's SQL warehouse (started and waited for if stopped)
 * reads the regional system tables for that region's workspaces and each workspace's REST inventory is
 * read from its own host; the regional snapshots are merged. Any other collector failure fails the whole run
 * unless degraded. Each host uses its own credentials (`credentialsFor`). A stopped warehouse is started only
 * when `startWarehouse` is true; otherwise — and when a system schema is not enabled or not granted — the region
 * is collected from REST alone and the snapshot lists the missing tables (Snapshot.missing), unless `requireFull`.
 * @throws ConfigError, AuthenticationError, ExternalServiceError, CollectorError (one line each).
 */
export async function collectAccountSnapshot(options: AccountCollectionOptions): Promise<Snapshot> {
  // One token source per host, shared by its REST reader and its SQL connection (one OAuth token cache).
  const auths = new Map<string, TokenProvider>();
  const authFor = (host: string): TokenProvider => {
    let auth = auths.get(host);
    if (auth === undefined) {
      auth = createTokenProvider(options.credentialsFor(host));
      auths.set(host, auth);
    }
    return auth;
  };
  const readers = new Map<string, WorkspaceReader>();
  const readerFor = (workspace: Workspace): WorkspaceReader => {
    let reader = readers.get(workspace.host);
    if (reader === undefined) {
      const auth = authFor(workspace.host);
      reader = createWorkspaceReader({ host: workspace.host, auth, version: options.version }).reader;
      readers.set(workspace.host, reader);
    }
    return reader;
  };
  const parts: Snapshot[] = [];
  for (const region of options.regions) {
    options.onProgress(`region ${region.region}: warehouse ${region.warehouseId} on ${region.host}`);
    const credentials = options.credentialsFor(region.host);
    const auth = authFor(region.host);
    const { reader, call } = createWorkspaceReader({ host: region.host, auth, version: options.version });
    const degrade = options.requireFull !== true;
    let unavailable: WarehouseNotRunningError | undefined;
    try {
      await ensureWarehouseRunning({
        reader,
        call,
        warehouseId: region.warehouseId,
        start: options.startWarehouse,
        notStartedHint: options.notStartedHint,
        deadlineMs: options.warehouseStartDeadlineMs,
        sleep: options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
        now: Date.now,
        onProgress: options.onProgress,
      });
    } catch (error) {
      if (!degrade || !(error instanceof WarehouseNotRunningError)) throw error;
      unavailable = error;
      options.onProgress(`region ${region.region}: ${error.message}; collecting the REST inventory only`);
    }
    const connection =
      unavailable === undefined
        ? await (options.openSql ?? databricksSqlOpener(options.logger))(credentials, region.warehouseId, auth)
        : { sql: unavailableSql(unavailable), close: async () => undefined };
    try {
      parts.push(
        await collectSnapshot({
          sql: connection.sql,
          rest: readerFor,
          workspaces: region.workspaces,
          window: options.window,
          runtimeEndOfSupport: options.runtimeEndOfSupport,
          onProgress: options.onProgress,
          degrade,
          betaPipelineEvents: options.betaPipelineEvents === true,
        }),
      );
    } finally {
      await connection.close();
    }
  }
  return mergeSnapshots(parts);
}
