import { resolve } from 'node:path';
import type { PollResult } from '../approvals/poll-intake.ts';
import { databricksAuthSources, resolveDatabricksAuth } from '../config/databricks-auth.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { ExternalServiceError } from '../errors.ts';
import type { Services } from '../main.ts';
import { scheduleMeasurements } from '../savings/schedule-measurements.ts';
import { scanAccount } from '../scan/scan-account.ts';
import type { ScheduledJob } from '../scheduler/scheduled-job.ts';
import type { Metrics } from '../server/metrics.ts';
import { openSnapshot } from '../snapshot/load-snapshot.ts';
import { snapshotSourceOf } from '../snapshot/snapshot-source.ts';
import { formatFailureGroup } from '../tickets/group-failures.ts';
import type { ApprovalRuntime } from './create-approval-runtime.ts';
import { runHousekeeping } from './run-housekeeping.ts';

/** The jobs and why some are not scheduled (logged at start-up). */
export interface ScheduledJobs {
  jobs: ScheduledJob[];
  /** Job name → reason it is not scheduled. */
  disabled: Record<string, string>;
}

const MINUTE = 60_000;

/**
 * The scheduled jobs of `lakewarden serve` (docs/operations.md):
 * - `scan`: rules and templates re-read from their folders each run (a mounted folder takes effect without a
 *   restart), the snapshot read from `scheduler.scan.snapshotPath` or collected live when Databricks is
 *   configured, then {@link scanAccount} (the use case `lakewarden scan` runs too). Scan duration, outcome and findings go to the metrics.
 * - `measurements`: {@link scheduleMeasurements} with the SQL billing source (needs DATABRICKS_HOST,
 *   DATABRICKS_WAREHOUSE_ID and Jira).
 * - `outbox`: the relay's sweep (`relayOnce` until nothing is due).
 * - `housekeeping`: {@link runHousekeeping}.
 * - `approval-poll` (with `approvals.intake: poll | both`): one run of the polling intake (approvals/poll-intake.ts,
 *   built by prepare-service.ts), then the worker is woken. Scheduled even with `scheduler.enabled: false`, since it
 *   is how approvals arrive.
 * Every job checks its AbortSignal between steps; a step in progress (a Databricks query, a Jira call) ends on
 * its own timeout.
 */
export function createScheduledJobs(options: {
  loaded: LoadedConfig;
  services: Services;
  runtime: ApprovalRuntime;
  metrics: Metrics;
  now?: () => Date;
  /** One run of the polling intake; given when `approvals.intake` is `poll` or `both`. */
  poll?: () => Promise<PollResult>;
}): ScheduledJobs {
  const { loaded, services, runtime, metrics } = options;
  const { config } = loaded;
  const section = config.scheduler;
  const now = options.now ?? (() => new Date());
  const jobs: ScheduledJob[] = [];
  const disabled: Record<string, string> = {};
  const snapshotPath = section.scan.snapshotPath;
  if (!section.scan.enabled) disabled.scan = 'scheduler.scan.enabled is false';
  else if (snapshotPath === undefined && !services.databricks.configured()) {
    disabled.scan = 'no snapshot source: set DATABRICKS_HOST to collect live, or scheduler.scan.snapshotPath';
  } else {
    jobs.push({
      name: 'scan',
      cron: section.scan.cron,
      timeoutMs: section.scan.timeoutMinutes * MINUTE,
      async run({ signal, logger }) {
        const started = performance.now();
        try {
          const { outcome } = await scanAccount(
            {
              store: services.store,
              tracker: services.tracker,
              config,
              baseDir: loaded.baseDir,
              logger,
              scrub: services.scrub,
              now,
              ai: services.ai,
              auto: await services.autoRemediation?.(),
            },
            {
              readSnapshot: async () =>
                snapshotPath === undefined
                  ? snapshotSourceOf(
                      await services.databricks.collectSnapshot({
                        onProgress: (message) => logger.info({ phase: 'collect' }, message),
                      }),
                    )
                  : openSnapshot(resolve(loaded.baseDir, snapshotPath)),
              dryRun: false,
              signal,
            },
          );
          const failedWrites = outcome.sync.failures.map(formatFailureGroup);
          if (failedWrites.length > 0) {
            // Any failed Jira write fails the job (grouped causes, one line each), like `lakewarden scan`.
            throw new ExternalServiceError('jira', `scan ${outcome.scanId}: ${failedWrites.join('; ')}`);
          }
          metrics.scan({
            outcome: 'succeeded',
            seconds: (performance.now() - started) / 1000,
            findings: outcome.evaluation.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity })),
          });
          return {
            scanId: outcome.scanId,
            dryRun: outcome.dryRun,
            ...outcome.sync.counts,
          };
        } catch (error) {
          metrics.scan({
            outcome: signal.aborted ? 'timed_out' : 'failed',
            seconds: (performance.now() - started) / 1000,
            findings: [],
          });
          throw error;
        }
      },
    });
  }
  const jira = services.tracker;
  if (!section.measurements.enabled) disabled.measurements = 'scheduler.measurements.enabled is false';
  else if (!services.databricks.configured() || jira === undefined) {
    disabled.measurements = 'needs DATABRICKS_HOST (or a profile), DATABRICKS_WAREHOUSE_ID and Jira credentials';
  } else if (resolveDatabricksAuth(databricksAuthSources(loaded)).warehouseId === undefined) {
    disabled.measurements = 'needs DATABRICKS_WAREHOUSE_ID (or warehouse_id in the profile)';
  } else {
    jobs.push({
      name: 'measurements',
      cron: section.measurements.cron,
      timeoutMs: section.measurements.timeoutMinutes * MINUTE,
      async run({ signal }) {
        const { billing, close } = await services.databricks.openSqlBilling({ logger: services.logger });
        try {
          signal.throwIfAborted();
          const result = await scheduleMeasurements({
            store: services.store,
            ledger: await services.savingsLedger(),
            billing,
            jira,
            savings: config.savings,
            verifiedFieldId: config.jira.fields.verifiedSavings,
            now,
          });
          return { measured: result.measured.length, posted: result.posted.length, failed: result.failed.length };
        } finally {
          await close();
        }
      },
    });
  }
  if (!section.outbox.enabled) disabled.outbox = 'scheduler.outbox.enabled is false';
  else {
    jobs.push({
      name: 'outbox',
      cron: section.outbox.cron,
      timeoutMs: section.outbox.timeoutMinutes * MINUTE,
      async run({ signal }) {
        let sent = 0;
        for (;;) {
          signal.throwIfAborted();
          const n = await runtime.relayOnce();
          if (n === 0) return { sent };
          sent += n;
        }
      },
    });
  }
  if (!section.housekeeping.enabled) disabled.housekeeping = 'scheduler.housekeeping.enabled is false';
  else {
    jobs.push({
      name: 'housekeeping',
      cron: section.housekeeping.cron,
      timeoutMs: section.housekeeping.timeoutMinutes * MINUTE,
      async run() {
        return {
          ...(await runHousekeeping(await services.store.open(), {
            now: now(),
            inboxRetentionDays: section.housekeeping.inboxRetentionDays,
            staleDeliveryMinutes: section.housekeeping.staleDeliveryMinutes,
            askDataRetentionDays: config.ai.askDataRetentionDays,
          })),
        };
      },
    });
  }
  const poll = options.poll;
  if (config.approvals.intake === 'webhook') disabled['approval-poll'] = 'approvals.intake is webhook';
  else if (poll === undefined) disabled['approval-poll'] = 'needs Jira credentials';
  else {
    jobs.push({
      name: 'approval-poll',
      cron: config.approvals.poll.cron,
      timeoutMs: config.approvals.poll.timeoutMinutes * MINUTE,
      async run() {
        const result = await poll();
        if (result.recorded > 0) runtime.wake();
        return { ...result };
      },
    });
  }
  return { jobs, disabled };
}
