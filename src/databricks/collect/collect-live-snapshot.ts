import type { Snapshot, Workspace } from '../../snapshot/schema.ts';
import { createTokenProvider, type DatabricksCredentials } from '../auth/create-token-provider.ts';
import { createWorkspaceReader } from '../rest/create-workspace-reader.ts';
import { connectDatabricksSql, createDatabricksSqlRunner } from '../sql/databricks-sql-runner.ts';
import { ensureWarehouseRunning } from '../sql/ensure-warehouse-running.ts';
import { collectSnapshot } from './collect-snapshot.ts';

export interface LiveCollectionOptions {
  /** From src/config/env.ts: DATABRICKS_HOST, DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/_SECRET. */
  credentials: DatabricksCredentials;
  /** DATABRICKS_WAREHOUSE_ID. */
  warehouseId: string;
  /** package.json version, for the User-Agent. */
  version: string;
  /** The workspace(s) served by DATABRICKS_HOST (id as in system tables). */
  workspaces: Workspace[];
  window: { days: number; end: string };
  runtimeEndOfSupport: Record<string, string>;
  onProgress: (message: string) => void;
  /** How long to wait for a stopped warehouse, ms (default 10 minutes). */
  warehouseStartDeadlineMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * `lakewarden snapshot collect` / `scan` against a live workspace: builds the auth and REST reader, makes
 * sure the SQL warehouse is RUNNING (starting it if stopped), connects @databricks/sql, runs collectSnapshot,
 * and always closes the SQL client.
 * @throws ConfigError (no credentials), ExternalServiceError/AuthenticationError/CollectorError (typed, one line).
 */
export async function collectLiveSnapshot(options: LiveCollectionOptions): Promise<Snapshot> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const auth = createTokenProvider(options.credentials);
  const { reader, call } = createWorkspaceReader({
    host: options.credentials.host,
    auth,
    version: options.version,
    sleep,
    now,
  });
  await ensureWarehouseRunning({
    reader,
    call,
    warehouseId: options.warehouseId,
    ...(options.warehouseStartDeadlineMs === undefined ? {} : { deadlineMs: options.warehouseStartDeadlineMs }),
    sleep,
    now,
    onProgress: options.onProgress,
  });
  const connection = await connectDatabricksSql({
    host: options.credentials.host,
    warehouseId: options.warehouseId,
    auth,
  });
  try {
    return await collectSnapshot({
      sql: createDatabricksSqlRunner(connection.openSession, { errorContext: connection.errorContext }),
      rest: reader,
      workspaces: options.workspaces,
      window: options.window,
      runtimeEndOfSupport: options.runtimeEndOfSupport,
      onProgress: options.onProgress,
      now: () => new Date(now()),
    });
  } finally {
    await connection.close();
  }
}
