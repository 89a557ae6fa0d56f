import { validate } from 'node-cron';
import { z } from 'zod';

const cron = (fallback: string, what: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => validate(v), { message: 'not a valid cron expression (5 fields, or 6 with seconds first)' })
    .describe(`node-cron expression of ${what} (evaluated in scheduler.timezone).`);

const timeout = (fallback: number, what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(fallback)
    .describe(`Minutes after which a run of ${what} is aborted and reported as timed out.`);

const enabled = (what: string) => z.boolean().default(true).describe(`Schedule ${what}.`);

/** `scheduler:` — the jobs `lakewarden serve` runs on a schedule (docs/operations.md). */
export const SchedulerSection = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Run the scheduled jobs in `lakewarden serve` (false: webhooks and approvals only).'),
    timezone: z.string().default('UTC').describe('IANA time zone of every cron expression, e.g. UTC or Europe/Paris.'),
    leaseTtlSeconds: z
      .number()
      .int()
      .min(2)
      .max(3600)
      .default(60)
      .describe(
        'Postgres (several replicas): time to live of a job lease, renewed every third of it while the job runs. If the replica running a job dies, another one takes the job over after at most this long.',
      ),
    scan: z
      .object({
        enabled: enabled('the scan'),
        cron: cron('0 6 * * *', 'the scan'),
        timeoutMinutes: timeout(120, 'the scan'),
        snapshotPath: z
          .string()
          .optional()
          .describe(
            'Scan this snapshot file (relative to lakewarden.yaml) instead of collecting live. Without it the scan collects live when DATABRICKS_HOST (or databricks.workspaces) is set, and is not scheduled otherwise.',
          ),
      })
      .strict()
      .prefault({}),
    measurements: z
      .object({
        enabled: enabled('the verification follow-ups (verified savings from billing; needs DATABRICKS_WAREHOUSE_ID)'),
        cron: cron('30 7 * * *', 'the verification follow-ups'),
        timeoutMinutes: timeout(60, 'the verification follow-ups'),
      })
      .strict()
      .prefault({}),
    outbox: z
      .object({
        enabled: enabled('the Jira outbox retries (the relay also runs continuously; this is the sweep)'),
        cron: cron('*/5 * * * *', 'the Jira outbox retries'),
        timeoutMinutes: timeout(5, 'the Jira outbox retries'),
      })
      .strict()
      .prefault({}),
    housekeeping: z
      .object({
        enabled: enabled('housekeeping'),
        cron: cron('17 3 * * *', 'housekeeping'),
        timeoutMinutes: timeout(10, 'housekeeping'),
        inboxRetentionDays: z
          .number()
          .int()
          .min(1)
          .max(3650)
          .default(30)
          .describe(
            'Bodies of processed webhook deliveries older than this are pruned (the delivery id stays, so redeliveries are still recognised).',
          ),
        staleDeliveryMinutes: z
          .number()
          .int()
          .min(1)
          .default(15)
          .describe('A delivery claimed longer ago than this by a worker that stopped is released for another worker.'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});
export type SchedulerSection = z.infer<typeof SchedulerSection>;
