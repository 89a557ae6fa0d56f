import type { Logger } from 'pino';
import type { Snapshot, Workspace } from '../../snapshot/schema.ts';
import { createTokenProvider, type DatabricksCredentials } from '../auth/create-token-provider.ts';
import type { TokenProvider } from '../auth/token-provider.ts';
import { createWorkspaceReader } from '../rest/create-workspace-reader.ts';
import type { WorkspaceReader } from '../rest/workspace-reader.ts';
import { connectDatabricksSql, createDatabricksSqlRunner } from '../sql/databricks-sql-runner.ts';
import { ensureWarehouseRunning } from '../sql/ensure-warehouse-running.ts';
import type { SqlRunner } from '../sql/sql-runner.ts';
import { collectSnapshot } from './collect-snapshot.ts';
import { mergeSnapshots } from './merge-snapshots.ts';
import type { RegionPlan } from './plan-collection.ts';

export interface AccountCollectionOptions {
  /** Secrets from the environment; `host` is replaced per workspace and per regional warehouse. */
  credentials: Omit<DatabricksCredentials, 'host'>;
  regions: RegionPlan[];
  version: string;
  window: { days: number; end: string };
  runtimeEndOfSupport: Record<string, string>;
  warehouseStartDeadlineMs: number;
  onProgress: (message: string) => void;
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

/**
 * Collects a whole account: per region, the region's SQL warehouse (started and waited for if stopped)
 * reads the regional system tables for that region's workspaces and each workspace's REST inventory is
 * read from its own host; the regional snapshots are merged. Any collector failure fails the whole run
 * (no thinner snapshot). The same service principal (or token) must be valid on every host.
 * @throws ConfigError, AuthenticationError, ExternalServiceError, CollectorError (one line each).
 */
export async function collectAccountSnapshot(options: AccountCollectionOptions): Promise<Snapshot> {
  // One token source per host, shared by its REST reader and its SQL connection (one OAuth token cache).
  const auths = new Map<string, TokenProvider>();
  const authFor = (host: string): TokenProvider => {
    let auth = auths.get(host);
    if (auth === undefined) {
      auth = createTokenProvider({ ...options.credentials, host });
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
    const credentials = { ...options.credentials, host: region.host };
    const auth = authFor(region.host);
    const { reader, call } = createWorkspaceReader({ host: region.host, auth, version: options.version });
    await ensureWarehouseRunning({
      reader,
      call,
      warehouseId: region.warehouseId,
      deadlineMs: options.warehouseStartDeadlineMs,
      sleep: options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
      now: Date.now,
      onProgress: options.onProgress,
    });
    const connection = await (options.openSql ?? databricksSqlOpener(options.logger))(
      credentials,
      region.warehouseId,
      auth,
    );
    try {
      parts.push(
        await collectSnapshot({
          sql: connection.sql,
          rest: readerFor,
          workspaces: region.workspaces,
          window: options.window,
          runtimeEndOfSupport: options.runtimeEndOfSupport,
          onProgress: options.onProgress,
        }),
      );
    } finally {
      await connection.close();
    }
  }
  return mergeSnapshots(parts);
}
