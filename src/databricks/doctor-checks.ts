import type { Logger } from 'pino';
import type { DatabricksCredentials } from '../config/databricks-credentials.ts';
import { AuthenticationError } from '../errors.ts';
import { createTokenProvider } from './auth/create-token-provider.ts';
import type { TokenProvider } from './auth/token-provider.ts';
import { WarehouseNotRunningError } from './errors.ts';
import { createWorkspaceReader } from './rest/create-workspace-reader.ts';
import type { RestCall } from './rest/http-client.ts';
import type { WorkspaceReader } from './rest/workspace-reader.ts';
import { connectDatabricksSql, createDatabricksSqlRunner } from './sql/databricks-sql-runner.ts';
import { ensureWarehouseRunning } from './sql/ensure-warehouse-running.ts';
import type { SqlRunner } from './sql/sql-runner.ts';
import { COLLECTOR_STATEMENTS, OPT_IN_PROBE_TABLES, OPT_IN_STATEMENTS, PROBE_TABLES } from './sql/statements.ts';

/** One doctor line: what was checked, whether it passed, what was seen, and how to fix it. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix: string;
}

export interface DoctorDeps {
  host: string;
  auth: TokenProvider;
  reader: WorkspaceReader;
  call: RestCall;
  /** Created lazily so doctor can report REST problems even when SQL cannot connect. */
  sql: () => Promise<SqlRunner>;
  warehouseId: string;
  /** `--start-warehouse`: start a stopped warehouse to check SQL (refused while the kill switch is on). */
  startWarehouse: boolean;
  killSwitch: boolean;
  /** `databricks.sqlUsdPerDbu`, for the cost of starting. */
  usdPerDbu?: number | undefined;
  fetch?: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onProgress: (message: string) => void;
  /** Parameters for EXPLAIN of windowed statements (YYYY-MM-DD). */
  window: { start: string; end: string };
  /**
   * `databricks.betaPipelineEvents`: also probe the Beta pipeline events table and EXPLAIN the opt-in statements
   * (a failure there fails doctor, while collection would only warn).
   */
  betaPipelineEvents?: boolean;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * `lakewarden doctor` checks for Databricks, in order: host reachable (GET /oidc/.well-known/
 * oauth-authorization-server, unauthenticated), auth works and which method (GET /api/2.0/sql/warehouses,
 * https://docs.databricks.com/api/workspace/warehouses/list), warehouse exists and is RUNNING, each system
 * table readable (registered `SELECT 1 … LIMIT 1` probes), each registered collector compiles (EXPLAIN); the
 * opt-in Beta table and statement (OPT_IN_PROBE_TABLES, OPT_IN_STATEMENTS) only with `betaPipelineEvents`.
 * Read-only: a stopped warehouse is started only with `startWarehouse` and never while the kill switch is on;
 * otherwise the warehouse check fails saying what starting would cost per hour, and the SQL checks are skipped.
 * Never throws: each failure is a failed check with a fix.
 */
export async function runDoctorChecks(deps: DoctorDeps): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const doFetch = deps.fetch ?? fetch;
  try {
    const response = await doFetch(new URL('/oidc/.well-known/oauth-authorization-server', deps.host), {
      signal: AbortSignal.timeout(10_000),
    });
    checks.push({ name: 'host reachable', ok: true, detail: `${deps.host} answered HTTP ${response.status}`, fix: '' });
  } catch (error) {
    checks.push({
      name: 'host reachable',
      ok: false,
      detail: `${deps.host}: ${reason(error)}`,
      fix: 'Set DATABRICKS_HOST to the workspace URL, e.g. https://dbc-….cloud.databricks.com, and check the network/proxy.',
    });
    return checks;
  }
  try {
    await deps.reader.listWarehouses();
    checks.push({ name: 'authentication', ok: true, detail: `authenticated with ${deps.auth.method}`, fix: '' });
  } catch (error) {
    checks.push({
      name: 'authentication',
      ok: false,
      detail: reason(error),
      fix:
        error instanceof AuthenticationError
          ? `Check ${deps.auth.credentialNames}; the principal needs CAN USE on the warehouse (docs/security.md).`
          : 'See the detail; retry later if Databricks is unavailable.',
    });
    return checks;
  }
  try {
    const waited = await ensureWarehouseRunning({
      reader: deps.reader,
      call: deps.call,
      warehouseId: deps.warehouseId,
      start: deps.startWarehouse && !deps.killSwitch,
      usdPerDbu: deps.usdPerDbu,
      notStartedHint:
        deps.startWarehouse && deps.killSwitch
          ? 'the kill switch is on, so --start-warehouse is refused'
          : 'the SQL checks need it running',
      sleep: deps.sleep,
      now: deps.now,
      onProgress: deps.onProgress,
    });
    checks.push({
      name: 'SQL warehouse',
      ok: true,
      detail: `${deps.warehouseId} is RUNNING (waited ${waited} s)`,
      fix: '',
    });
  } catch (error) {
    checks.push({
      name: 'SQL warehouse',
      ok: false,
      detail: reason(error),
      fix:
        error instanceof WarehouseNotRunningError
          ? deps.killSwitch && deps.startWarehouse
            ? 'Turn the kill switch off (LAKEWARDEN_KILL_SWITCH / remediation.killSwitch) to let doctor start it, or start it yourself and run doctor again.'
            : 'Start it yourself, or run `lakewarden doctor --start-warehouse` to let doctor start it, then the SQL checks run.'
          : 'Set DATABRICKS_WAREHOUSE_ID to an existing warehouse and grant the principal CAN USE on it.',
    });
    return checks;
  }
  let sql: SqlRunner;
  try {
    sql = await deps.sql();
  } catch (error) {
    checks.push({
      name: 'SQL connection',
      ok: false,
      detail: reason(error),
      fix: 'Check the warehouse and credentials.',
    });
    return checks;
  }
  const optIn = deps.betaPipelineEvents === true;
  for (const table of [...PROBE_TABLES, ...(optIn ? OPT_IN_PROBE_TABLES : [])]) {
    checks.push(
      await check(`readable: ${table}`, () => sql.run(`probe:${table}`, {}, () => undefined), {
        ok: 'readable',
        fix: `Enable the ${table.split('.')[1]} system schema (account admin) and grant USE CATALOG system, USE SCHEMA and SELECT on system.${table.split('.')[1]}.`,
      }),
    );
  }
  for (const name of [...COLLECTOR_STATEMENTS, ...(optIn ? OPT_IN_STATEMENTS : [])]) {
    checks.push(
      await check(`compiles: ${name}`, () => sql.run(`explain:${name}`, deps.window, () => undefined), {
        ok: 'EXPLAIN succeeded',
        fix: 'A column may be missing in this workspace (system tables change); report it with the detail.',
      }),
    );
  }
  return checks;
}

async function check(
  name: string,
  run: () => Promise<unknown>,
  text: { ok: string; fix: string },
): Promise<DoctorCheck> {
  try {
    await run();
    return { name, ok: true, detail: text.ok, fix: '' };
  } catch (error) {
    return { name, ok: false, detail: reason(error), fix: text.fix };
  }
}

/**
 * `lakewarden doctor` (Databricks part) from credentials: wires auth, REST and a lazily connected SQL runner,
 * runs the checks and closes the SQL client.
 */
export async function runDatabricksDoctor(options: {
  credentials: DatabricksCredentials;
  warehouseId: string;
  version: string;
  window: { start: string; end: string };
  startWarehouse: boolean;
  killSwitch: boolean;
  usdPerDbu?: number | undefined;
  /** `databricks.betaPipelineEvents` (DoctorDeps). */
  betaPipelineEvents?: boolean;
  onProgress: (message: string) => void;
  /** Receives the SQL driver's log lines (debug). */
  logger?: Logger;
}): Promise<DoctorCheck[]> {
  const auth = createTokenProvider(options.credentials);
  const { reader, call } = createWorkspaceReader({ host: options.credentials.host, auth, version: options.version });
  let close: (() => Promise<void>) | undefined;
  try {
    return await runDoctorChecks({
      host: options.credentials.host,
      auth,
      reader,
      call,
      warehouseId: options.warehouseId,
      startWarehouse: options.startWarehouse,
      killSwitch: options.killSwitch,
      usdPerDbu: options.usdPerDbu,
      window: options.window,
      betaPipelineEvents: options.betaPipelineEvents === true,
      sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      now: Date.now,
      onProgress: options.onProgress,
      sql: async () => {
        const connection = await connectDatabricksSql({
          host: options.credentials.host,
          warehouseId: options.warehouseId,
          auth,
          ...(options.logger === undefined ? {} : { logger: options.logger }),
        });
        close = connection.close;
        return createDatabricksSqlRunner(connection.openSession, { errorContext: connection.errorContext });
      },
    });
  } finally {
    await close?.();
  }
}
