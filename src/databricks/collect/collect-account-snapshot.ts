import type { Snapshot, Workspace } from '../../snapshot/schema.ts';
import { createTokenProvider, type DatabricksCredentials } from '../auth/create-token-provider.ts';
import { sqlCredentials } from '../auth/sql-credentials.ts';
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
  /** How to allow starting, appended to the refusal (e.g. "set databricks.startWarehouse: true"). */
  notStartedHint: string;
  onProgress: (message: string) => void;
  /** Opens the SQL runner of a regional warehouse; defaults to @databricks/sql (tests inject a fake). */
  openSql?: (
    credentials: DatabricksCredentials,
    warehouseId: string,
  ) => Promise<{ sql: SqlRunner; close: () => Promise<void> }>;
  sleep?: (ms: number) => Promise<void>;
}

async function openDatabricksSql(
  credentials: DatabricksCredentials,
  warehouseId: string,
): Promise<{ sql: SqlRunner; close: () => Promise<void> }> {
  const connection = await connectDatabricksSql({ ...credentials, warehouseId });
  return { sql: createDatabricksSqlRunner(connection.openSession), close: connection.close };
}

/**
 * Collects a whole account: per region, the region's SQL warehouse (started and waited for if stopped)
 * reads the regional system tables for that region's workspaces and each workspace's REST inventory is
 * read from its own host; the regional snapshots are merged. Any collector failure fails the whole run
 * (no thinner snapshot). Each host uses its own credentials (`credentialsFor`). A stopped warehouse is started
 * only when `startWarehouse` is true.
 * @throws ConfigError, AuthenticationError, ExternalServiceError, CollectorError (one line each).
 */
export async function collectAccountSnapshot(options: AccountCollectionOptions): Promise<Snapshot> {
  const readers = new Map<string, WorkspaceReader>();
  const readerFor = (workspace: Workspace): WorkspaceReader => {
    let reader = readers.get(workspace.host);
    if (reader === undefined) {
      const auth = createTokenProvider(options.credentialsFor(workspace.host));
      reader = createWorkspaceReader({ host: workspace.host, auth, version: options.version }).reader;
      readers.set(workspace.host, reader);
    }
    return reader;
  };
  const parts: Snapshot[] = [];
  for (const region of options.regions) {
    options.onProgress(`region ${region.region}: warehouse ${region.warehouseId} on ${region.host}`);
    const credentials = options.credentialsFor(region.host);
    const auth = createTokenProvider(credentials);
    const { reader, call } = createWorkspaceReader({ host: region.host, auth, version: options.version });
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
    const connection = await (options.openSql ?? openDatabricksSql)(
      await sqlCredentials(credentials, auth),
      region.warehouseId,
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
