import { readFile } from 'node:fs/promises';
import { readKillSwitch } from '../config/kill-switch.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import type { DatabricksAccess } from '../databricks/databricks-access.ts';
import { ConfigError, InputError } from '../errors.ts';
import type { Services } from '../main.ts';
import { createCsvBillingSource } from '../savings/csv-billing-source.ts';
import { formatUsd } from '../savings/format-usd.ts';
import { scheduleMeasurements } from '../savings/schedule-measurements.ts';
import { createSnapshotBillingSource } from '../savings/snapshot-billing-source.ts';
import type { BillingSource } from '../snapshot/billing-source.ts';
import { loadSnapshot } from '../snapshot/load-snapshot.ts';
import type { Output } from './output.ts';

export interface SavingsMeasureOptions {
  /** A saved snapshot (.json) or a billable usage CSV export (.csv); without it, system tables over SQL. */
  billing?: string | undefined;
  /** A snapshot whose `prices` price the CSV's DBUs (needed with a .csv billing file). */
  prices?: string | undefined;
  json: boolean;
}

/**
 * Opens the billing source: a saved snapshot's daily series, a billable usage CSV export priced by a snapshot's
 * list prices, or (no `--billing`) system.billing.usage over the configured SQL warehouse — started only with
 * `databricks.startWarehouse: true` and never while the kill switch is on.
 * @throws InputError for an unknown file type or a bad file; ConfigError without a Databricks configuration.
 */
async function openBilling(
  loaded: LoadedConfig,
  databricks: DatabricksAccess,
  options: SavingsMeasureOptions,
  onProgress: (message: string) => void,
): Promise<{ billing: BillingSource; close: () => Promise<void> }> {
  const none = async () => undefined;
  const file = options.billing;
  if (file?.toLowerCase().endsWith('.json') === true) {
    return { billing: createSnapshotBillingSource(await loadSnapshot(file), file), close: none };
  }
  if (file?.toLowerCase().endsWith('.csv') === true) {
    if (options.prices === undefined) {
      throw new InputError(`--billing ${file}: a usage CSV has DBUs but no prices: add --prices <snapshot.json>`);
    }
    const prices = (await loadSnapshot(options.prices)).prices;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return { billing: createCsvBillingSource(text, file, prices), close: none };
  }
  if (file !== undefined) throw new InputError(`--billing ${file}: expected a snapshot (.json) or a usage CSV (.csv)`);
  if (!databricks.configured()) {
    throw new ConfigError(
      'no billing source: pass --billing <snapshot.json|export.csv>, or configure Databricks (DATABRICKS_HOST or a profile) to read system.billing.usage',
    );
  }
  const killSwitch = readKillSwitch(loaded.config.remediation.killSwitch, {
    LAKEWARDEN_KILL_SWITCH: loaded.env.LAKEWARDEN_KILL_SWITCH,
  });
  return databricks.openSqlBilling({
    ensureRunning: {
      start: loaded.config.databricks.startWarehouse && !killSwitch,
      notStartedHint: 'set databricks.startWarehouse: true, or pass --billing <snapshot.json|export.csv>',
      usdPerDbu: loaded.config.databricks.sqlUsdPerDbu,
      deadlineMs: loaded.config.databricks.warehouseStartTimeoutMinutes * 60_000,
      sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      now: Date.now,
      onProgress,
    },
  });
}

/**
 * `lakewarden savings measure [--billing <snapshot.json|export.csv>] [--prices <snapshot.json>] [--json]`: the
 * verified-savings measurement `serve`'s scheduler runs, once, from the CLI — every due change (verified actions
 * and resolved manual findings whose after-window and latency have passed) is measured from billing, recorded in
 * the savings ledger and history, and posted on its Jira issue (comment and the verified-savings field).
 * Idempotent: a change is measured once. Needs Jira (the measurements are posted there).
 * @returns the number of failed measurements or posts (the CLI exits 1 when it is not zero)
 * @throws ConfigError without Jira or a billing source; InputError for a bad billing file.
 */
export async function savingsMeasureCommand(
  loaded: LoadedConfig,
  services: Services,
  options: SavingsMeasureOptions,
  output: Output,
): Promise<number> {
  const jira = services.tracker;
  if (jira === undefined) {
    throw new ConfigError(
      'savings measure posts verified savings to Jira: set JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN (Data Center: JIRA_PAT) and JIRA_PROJECT_KEY',
    );
  }
  const { billing, close } = await openBilling(loaded, services.databricks, options, (m) => output.err(`… ${m}`));
  try {
    const result = await scheduleMeasurements({
      store: services.store,
      ledger: await services.savingsLedger(),
      billing,
      jira,
      savings: loaded.config.savings,
      verifiedFieldId: loaded.config.jira.fields.verifiedSavings,
      now: () => new Date(),
    });
    const failed = result.failed.map((f) => ({ ...f, error: services.scrub(f.error) }));
    if (options.json) {
      output.out(JSON.stringify({ measured: result.measured, posted: result.posted, failed }, null, 2));
    } else {
      for (const m of result.measured) {
        output.out(
          `measured ${m.ruleId} ${m.resourceKind} ${m.resourceId} (issue ${m.issueId}): ${formatUsd(m.verifiedUsdPerMonth)}/month verified, ${m.confidence} confidence — ${formatUsd(m.beforeUsdPerDay)}/day ${m.beforeFrom} … ${m.beforeTo} → ${formatUsd(m.afterUsdPerDay)}/day ${m.afterFrom} … ${m.afterTo}`,
        );
      }
      for (const f of failed) output.out(`FAIL ${f.key}: ${f.error}`);
      output.out(
        `${result.measured.length} measured, ${result.posted.length} posted to Jira, ${failed.length} failed${result.measured.length === 0 && failed.length === 0 ? ' (nothing due)' : ''}`,
      );
    }
    return failed.length;
  } finally {
    await close();
  }
}
