import { validate } from 'node-cron';
import { z } from 'zod';

/**
 * `approvals:` — how approvals, rollbacks and comment commands reach lakewarden (docs/approvals.md §1.4) and the
 * per-issue snooze (docs/approvals.md §12).
 */
export const ApprovalsSection = z
  .object({
    intake: z
      .enum(['webhook', 'poll', 'both'])
      .default('webhook')
      .describe(
        'How `serve` learns of approvals, rollbacks and `/lakewarden` comment commands: `webhook` (POST /webhooks/jira, needs JIRA_WEBHOOK_SECRET), `poll` (a JQL search every approvals.poll.cron; no inbound network, the webhook routes are not served and no webhook secret is needed) or `both` (a webhook and a poll of one approval are still one action).',
      ),
    poll: z
      .object({
        cron: z
          .string()
          .default('* * * * *')
          .refine((v) => validate(v), { message: 'not a valid cron expression (5 fields, or 6 with seconds first)' })
          .describe('node-cron expression of the polling intake (evaluated in scheduler.timezone).'),
        overlapMinutes: z
          .number()
          .int()
          .min(1)
          .max(60)
          .default(5)
          .describe(
            'Each poll searches from the last watermark minus this many minutes: JQL dates have minute granularity and search is eventually consistent. What is seen twice is deduplicated by the inbox.',
          ),
        firstLookbackMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(60)
          .describe('How far back the very first poll (no watermark stored yet) looks, minutes.'),
        timeoutMinutes: z
          .number()
          .int()
          .min(1)
          .max(60)
          .default(5)
          .describe('Minutes after which a poll is aborted and reported as timed out.'),
      })
      .strict()
      .prefault({}),
    snooze: z
      .object({
        maxDays: z
          .number()
          .int()
          .min(1)
          .max(365)
          .default(90)
          .describe('Longest snooze `/lakewarden snooze <N>d` accepts, days.'),
        status: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Workflow status that snoozes an issue when an authorised person moves it there (optional; absent = only the comment command snoozes).',
          ),
        statusDays: z
          .number()
          .int()
          .min(1)
          .max(365)
          .default(30)
          .describe('How long a move to approvals.snooze.status snoozes the issue, days.'),
      })
      .strict()
      .refine((s) => s.statusDays <= s.maxDays, { message: 'statusDays must not exceed maxDays' })
      .prefault({}),
  })
  .strict()
  .prefault({});
export type ApprovalsSection = z.infer<typeof ApprovalsSection>;
