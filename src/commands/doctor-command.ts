import { databricksConfigured } from '../config/databricks-auth.ts';
import { readKillSwitch } from '../config/kill-switch.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { windowEnd } from '../databricks/collect/live-collection.ts';
import type { DoctorCheck } from '../databricks/doctor-checks.ts';
import type { Services } from '../main.ts';
import { VERSION } from '../version.ts';
import type { Output } from './output.ts';

/** Runs a check, turning an error into a failed line with a fix hint. */
async function check(name: string, fix: string, run: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, ok: true, detail: await run(), fix: '' };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error), fix };
  }
}

/**
 * `lakewarden doctor`: one line per check with a fix hint — configuration, store, Jira credentials and
 * project, and for each configured Databricks region: host reachable, auth method, warehouse RUNNING,
 * each system schema readable, each registered query compiles (EXPLAIN). Read-only: a stopped warehouse is
 * started only with `--start-warehouse` and never while the kill switch is on; otherwise its line says what
 * starting would cost per hour.
 * @returns the number of failed checks (the CLI exits 1 when it is not zero)
 */
export async function doctorCommand(
  loaded: LoadedConfig,
  services: Services,
  output: Output,
  options: { startWarehouse?: boolean } = {},
): Promise<number> {
  const checks: DoctorCheck[] = [];
  checks.push({ name: 'configuration', ok: true, detail: loaded.file ?? 'defaults (no lakewarden.yaml)', fix: '' });
  checks.push(
    await check(
      'store',
      'check DATABASE_URL or store.sqlitePath and that the database accepts connections',
      async () => {
        await services.store.ping();
        return loaded.env.DATABASE_URL?.startsWith('postgres') === true
          ? 'Postgres reachable, migrated'
          : `SQLite ${loaded.config.store.sqlitePath}, migrated`;
      },
    ),
  );
  const { tracker, projectKey } = services;
  if (tracker === undefined || projectKey === undefined) {
    checks.push({
      name: 'jira',
      ok: false,
      detail: 'not configured: scans run as dry runs',
      fix: 'set JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN (Data Center: JIRA_PAT) and JIRA_PROJECT_KEY',
    });
  } else {
    checks.push(
      await check(
        'jira: credentials',
        'create a new API token for the bot account and set JIRA_API_TOKEN',
        async () => {
          const me = await tracker.whoAmI();
          return `authenticated as ${me.displayName} (${me.accountId})`;
        },
      ),
    );
    checks.push(
      await check(
        'jira: project',
        'check JIRA_PROJECT_KEY and that the bot can browse and create issues there',
        async () => {
          const project = await tracker.getProject(projectKey);
          return `${projectKey} (${project.name})`;
        },
      ),
    );
  }
  if (!databricksConfigured(loaded)) {
    checks.push({
      name: 'databricks',
      ok: false,
      detail: 'not configured: only --snapshot scans are possible',
      fix: 'set DATABRICKS_HOST, DATABRICKS_WAREHOUSE_ID and DATABRICKS_TOKEN (or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET), or use a ~/.databrickscfg profile (--profile)',
    });
  } else {
    try {
      const { regions, credentialsFor } = await services.databricks.targets();
      const killSwitch = readKillSwitch(loaded.config.remediation.killSwitch, {
        LAKEWARDEN_KILL_SWITCH: loaded.env.LAKEWARDEN_KILL_SWITCH,
      });
      const end = windowEnd(new Date());
      for (const region of regions) {
        const results = await services.databricks.doctor({
          credentials: credentialsFor(region.host),
          warehouseId: region.warehouseId,
          version: VERSION,
          window: { start: end, end },
          startWarehouse: options.startWarehouse === true,
          killSwitch,
          usdPerDbu: loaded.config.databricks.sqlUsdPerDbu,
          betaPipelineEvents: loaded.config.databricks.betaPipelineEvents,
          onProgress: (m) => output.err(`… ${m}`),
          logger: services.logger,
        });
        checks.push(...results.map((r) => ({ ...r, name: `databricks ${region.region}: ${r.name}` })));
      }
    } catch (error) {
      checks.push({
        name: 'databricks',
        ok: false,
        detail: (error as Error).message,
        fix: 'see docs/configuration.md (databricks:)',
      });
    }
  }
  for (const c of checks) {
    output.out(
      `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${services.scrub(c.detail)}${c.ok || c.fix === '' ? '' : `\n      fix: ${c.fix}`}`,
    );
  }
  const failed = checks.filter((c) => !c.ok).length;
  output.out(failed === 0 ? 'all checks passed' : `${failed} check(s) failed`);
  return failed;
}
