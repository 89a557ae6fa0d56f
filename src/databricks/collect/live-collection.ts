import { readKillSwitch } from '../../config/kill-switch.ts';
import type { LoadedConfig } from '../../config/load-config.ts';
import { InputError } from '../../errors.ts';
import { VERSION } from '../../version.ts';

/**
 * Parses a window such as `30d` into days (1–90).
 * @throws InputError naming `--window` and the expected form.
 */
export function parseWindow(text: string): number {
  const match = /^(\d+)d$/.exec(text.trim());
  const days = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isInteger(days) || days < 1 || days > 90)
    throw new InputError(`--window: expected 1d…90d, got "${text}"`);
  return days;
}

/**
 * The last day of a live window: two days before `now` (UTC), so the last day's billing records
 * (which arrive within about 12 hours) are complete (https://docs.databricks.com/aws/en/admin/system-tables/billing).
 */
export function windowEnd(now: Date): string {
  return new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
}

/** Whether collection may start a stopped warehouse: `databricks.startWarehouse`, and never with the kill switch on. */
function startPolicy(loaded: LoadedConfig): { startWarehouse: boolean; notStartedHint: string } {
  const killSwitch = readKillSwitch(loaded.config.remediation.killSwitch, {
    LAKEWARDEN_KILL_SWITCH: loaded.env.LAKEWARDEN_KILL_SWITCH,
  });
  if (!loaded.config.databricks.startWarehouse)
    return { startWarehouse: false, notStartedHint: 'set databricks.startWarehouse: true to let collection start it' };
  if (killSwitch) return { startWarehouse: false, notStartedHint: 'the kill switch is on, so it is not started' };
  return { startWarehouse: true, notStartedHint: '' };
}

/** How one live collection runs (`scan` without --snapshot, `snapshot collect`, the scheduled scan). */
export interface LiveCollectionOptions {
  /** Days of history (default `databricks.windowDays`). */
  days?: number | undefined;
  onProgress: (message: string) => void;
  now?: Date;
  /** `--require-full`: fail instead of degrading when the warehouse or a system schema is unavailable. */
  requireFull?: boolean | undefined;
}

/**
 * The settings of a live collection for the configured workspaces (see `databricks:` in lakewarden.yaml, the
 * DATABRICKS_* / ARM_* environment and the profiles file), with progress lines sent to `onProgress`. A stopped
 * SQL warehouse is started only with `databricks.startWarehouse: true` and never with the kill switch on.
 * `src/main.ts` adds the targets and the logger and runs the collection.
 */
export function liveCollectionSettings(loaded: LoadedConfig, options: LiveCollectionOptions) {
  const { config } = loaded;
  return {
    ...startPolicy(loaded),
    requireFull: options.requireFull === true,
    betaPipelineEvents: config.databricks.betaPipelineEvents,
    version: VERSION,
    window: { days: options.days ?? config.databricks.windowDays, end: windowEnd(options.now ?? new Date()) },
    runtimeEndOfSupport: config.rules.runtimeEndOfSupport,
    warehouseStartDeadlineMs: config.databricks.warehouseStartTimeoutMinutes * 60_000,
    onProgress: options.onProgress,
  };
}
