import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config.ts';
import { collectAccountSnapshot } from '../databricks/collect/collect-account-snapshot.ts';
import { planCollection } from '../databricks/collect/plan-collection.ts';
import { InputError } from '../errors.ts';
import { createLogger } from '../logging/create-logger.ts';
import { scrubberFor } from '../main.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import { VERSION } from '../version.ts';

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
 * (which arrive within about 12 hours) are complete (databricks.md §1.5).
 */
export function windowEnd(now: Date): string {
  return new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
}

/** True when the environment names a Databricks workspace to collect from. */
export function liveCollectionConfigured(loaded: LoadedConfig): boolean {
  return loaded.env.DATABRICKS_HOST !== undefined || loaded.config.databricks.workspaces.length > 0;
}

/**
 * Collects a live snapshot for the configured workspaces (see `databricks:` in lakewarden.yaml and the
 * DATABRICKS_* environment), with progress lines sent to `onProgress`.
 * @throws ConfigError for missing settings; AuthenticationError / ExternalServiceError / CollectorError otherwise.
 */
export async function collectLive(
  loaded: LoadedConfig,
  options: {
    days?: number | undefined;
    onProgress: (message: string) => void;
    now?: Date;
    /** Receives the SQL driver's log lines (default: a logger on stderr at LOG_LEVEL). */
    logger?: Logger;
  },
): Promise<Snapshot> {
  const { env, config } = loaded;
  const regions = planCollection(config.databricks, {
    host: env.DATABRICKS_HOST,
    warehouseId: env.DATABRICKS_WAREHOUSE_ID,
  });
  return collectAccountSnapshot({
    credentials: {
      token: env.DATABRICKS_TOKEN,
      clientId: env.DATABRICKS_CLIENT_ID,
      clientSecret: env.DATABRICKS_CLIENT_SECRET,
    },
    regions,
    version: VERSION,
    window: { days: options.days ?? config.databricks.windowDays, end: windowEnd(options.now ?? new Date()) },
    runtimeEndOfSupport: config.rules.runtimeEndOfSupport,
    warehouseStartDeadlineMs: config.databricks.warehouseStartTimeoutMinutes * 60_000,
    onProgress: options.onProgress,
    logger: options.logger ?? createLogger({ level: env.LOG_LEVEL, scrub: scrubberFor(loaded) }),
  });
}
