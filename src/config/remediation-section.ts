import { validate } from 'node-cron';
import { z } from 'zod';

const AutonomyLevel = z.enum(['manual', 'approval', 'auto']);
const GroupIds = z.array(z.string().min(1));

/**
 * `remediation:` — how much the bot may change and within which guardrails (docs/approvals.md §4–6).
 * The kill switch can also be set with LAKEWARDEN_KILL_SWITCH; it is re-read before every write.
 */
export const RemediationSection = z
  .object({
    killSwitch: z
      .boolean()
      .default(false)
      .describe('Stop every Databricks write (approvals are refused with a comment).'),
    dryRun: z
      .boolean()
      .default(true)
      .describe('Plan, comment and log "DRY-RUN: would …" but never write to Databricks. On by default for pilots.'),
    autonomy: z
      .object({
        byStrategy: z
          .record(z.string(), AutonomyLevel)
          .default({})
          .describe('Autonomy per strategy name; overrides the rule file. manual never writes.'),
        byRule: z.record(z.string(), AutonomyLevel).default({}).describe('Autonomy per rule id; overrides byStrategy.'),
      })
      .prefault({}),
    approval: z
      .object({
        maxAgeHours: z
          .number()
          .positive()
          .default(24)
          .describe('An approving transition older than this is refused as stale (Jira signatures carry no time).'),
        assigneeMayApprove: z
          .boolean()
          .default(true)
          .describe('The assignee (resource owner) may approve without being in an approver group.'),
        approverGroupIds: GroupIds.default([]).describe(
          'Jira groupIds whose members may approve any plan (on Jira Data Center, which has no group ids: group names).',
        ),
        approverGroupIdsByStrategy: z
          .record(z.string(), GroupIds)
          .default({})
          .describe('Jira groupIds allowed to approve a strategy (replaces approverGroupIds for it).'),
        approverGroupIdsByRule: z
          .record(z.string(), GroupIds)
          .default({})
          .describe('Jira groupIds allowed to approve a rule (replaces the strategy and default lists).'),
        requireResourcePermission: z
          .enum(['restarts-compute', 'always', 'never'])
          .default('restarts-compute')
          .describe(
            'When the approver must also hold CAN_MANAGE or IS_OWNER on the resource in Databricks (directly or through a group; Permissions API): restarts-compute = for plans that terminate a cluster or may restart compute; always; never. Jira users map to Databricks users by email or routing.users.',
          ),
        refusalStatus: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Status a refused approval returns the issue to, with the comment saying why (default: jira.statuses.open).',
          ),
        errorDeadlineSeconds: z
          .number()
          .int()
          .min(5)
          .max(3600)
          .default(45)
          .describe(
            'An approved action that errors (Databricks, Jira or the store) keep from finishing is retried by the same delivery until this many seconds after it was claimed, then failed with a comment.',
          ),
      })
      .prefault({}),
    limits: z
      .object({
        perHour: z.number().int().nonnegative().default(10).describe('Actions per rolling hour, all owners.'),
        perDay: z.number().int().nonnegative().default(50).describe('Actions per rolling 24 h, all owners.'),
        perOwnerPerHour: z.number().int().nonnegative().default(3).describe('Actions per rolling hour per owner.'),
        perOwnerPerDay: z.number().int().nonnegative().default(10).describe('Actions per rolling 24 h per owner.'),
        resourceCooldownHours: z
          .number()
          .nonnegative()
          .default(24)
          .describe('Minimum hours between two actions on the same resource.'),
      })
      .prefault({}),
    auto: z
      .object({
        scope: z
          .string()
          .default('false')
          .describe(
            "CEL over `resource` ({kind, id, workspaceId, name, tags}) that must be true for auto actions, e.g. resource.tags.env == 'dev'.",
          ),
        minSavingsUsdPerMonth: z.number().nonnegative().default(0).describe('Auto actions only above this estimate.'),
        maxSavingsUsdPerMonth: z
          .number()
          .nonnegative()
          .default(1000)
          .describe('Auto actions only below this estimate (bigger changes need a person).'),
        strategies: z
          .array(z.string().min(1))
          .default([])
          .describe('Strategies the scan may apply on its own; empty = every strategy whose autonomy is auto.'),
        noticeHours: z
          .number()
          .nonnegative()
          .default(24)
          .describe(
            'Hours between filing an auto issue and applying it (on a later scan); declining the issue meanwhile stops it. 0 = apply in the scan that files it.',
          ),
        maxPerScan: z.number().int().nonnegative().default(5).describe('Auto actions started by one scan, at most.'),
        maxPerHour: z
          .number()
          .int()
          .nonnegative()
          .default(5)
          .describe(
            'Auto actions only while fewer than this many actions (auto or approved) started in the last hour.',
          ),
        maxShareOfKind: z
          .number()
          .min(0)
          .max(1)
          .default(0.1)
          .describe(
            'Auto actions on one resource kind, per scan and per hour (auto or approved actions in the last hour), at most this share of the scanned resources of that kind (rounded down, but at least 1 when the share is above 0).',
          ),
        windows: z
          .array(
            z.object({
              cron: z
                .string()
                .refine((value) => validate(value), 'not a valid node-cron expression')
                .describe(
                  'node-cron expression of the minutes inside the window, e.g. "* 1-5 * * 1-5" = 01:00–05:59 Mon–Fri.',
                ),
              timezone: z.string().default('UTC').describe('IANA time zone the expression is read in.'),
            }),
          )
          .default([])
          .describe('Maintenance windows: auto actions only during a minute one of them matches; empty = any time.'),
      })
      .prefault({}),
    bounds: z
      .object({
        minAutoStopMins: z
          .number()
          .int()
          .min(10)
          .default(10)
          .describe('auto_stop_mins is never set below this (nor to 0 = never).'),
        minAutoterminationMinutes: z
          .number()
          .int()
          .min(10)
          .default(10)
          .describe('autotermination_minutes is never set below this (nor to 0 = never).'),
      })
      .prefault({}),
    restartPolicy: z
      .enum(['plan', 'require_terminated'])
      .default('plan')
      .describe(
        'plan: clusters/update on a RUNNING cluster only if the approved plan said it restarts; require_terminated: defer until TERMINATED.',
      ),
    deferMaxDays: z
      .number()
      .positive()
      .max(90)
      .default(7)
      .describe(
        'An approved cluster change waiting for its cluster to terminate (restart guard) is refused with a comment after this many days; the approval age limit does not apply while it waits.',
      ),
    rollbackOnMismatch: z
      .boolean()
      .default(true)
      .describe('Write the previous value back when the read-back after a write does not show the target.'),
    maxAttempts: z.number().int().min(1).max(3).default(3).describe('Write attempts per action (same action key).'),
  })
  .prefault({});
export type RemediationSection = z.infer<typeof RemediationSection>;
