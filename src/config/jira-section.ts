import { z } from 'zod';

/** `jira:` — where issues go and which statuses and fields lakewarden uses. Secrets come from the environment. */
export const JiraSection = z
  .object({
    deployment: z
      .enum(['cloud', 'datacenter'])
      .default('cloud')
      .describe(
        'Which Jira: `cloud` (REST v3, JIRA_EMAIL + JIRA_API_TOKEN) or `datacenter` (Jira Data Center / Server 10+, REST v2, JIRA_PAT or JIRA_USERNAME + JIRA_PASSWORD; users are usernames and approver groups are group names). Checked against GET /rest/api/2/serverInfo at start-up.',
      ),
    projectKey: z.string().optional().describe('Jira project key; JIRA_PROJECT_KEY overrides it.'),
    issueType: z.string().default('Task').describe('Issue type name used for new issues.'),
    statuses: z
      .object({
        approved: z.string().default('Approved').describe('Moving an issue here approves its plan.'),
        done: z.string().default('Done').describe('Target of a verified fix or a finding that disappeared.'),
        failed: z.string().default('Remediation Failed').describe('Target when a fix failed or was refused.'),
        declined: z
          .string()
          .default("Won't Do")
          .describe('A person declined the finding; lakewarden does not re-file it.'),
        open: z.string().default('To Do').describe('Status to return an issue to for re-approval.'),
        rollback: z.string().default('Rollback Requested').describe('Moving an issue here rolls back its action.'),
        rolledBack: z
          .string()
          .default('Rolled Back')
          .describe('Target of a verified rollback on request (Jira status or `lakewarden actions rollback`).'),
      })
      .prefault({}),
    fields: z
      .object({
        estimatedSavings: z
          .string()
          .optional()
          .describe('Number custom field id for estimated USD/month, e.g. customfield_10050.'),
        verifiedSavings: z.string().optional().describe('Number custom field id for verified USD/month.'),
        excessCost: z
          .string()
          .optional()
          .describe('Number custom field id for the excess cost USD/month of anomaly findings (never savings).'),
      })
      .prefault({}),
    priority: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Priority name (e.g. Medium) set on new issues, only when the project's create screen has a Priority field; unset leaves Jira's default. Edits never change a priority people set.",
      ),
    resolutions: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        'Status name → resolution set when a transition screen into that status asks for one (e.g. Done: Done). Without an entry a required resolution is "Done" if allowed, else the first allowed value.',
      ),
    reopenWhenWorseFactor: z
      .number()
      .min(1)
      .default(1.5)
      .describe('A declined finding is filed again only if its estimate grew by this factor.'),
    declinedSnoozeDays: z
      .number()
      .int()
      .nonnegative()
      .default(90)
      .describe('Days after which a declined finding may be filed again (0 = never).'),
    searchMaxResults: z
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(500)
      .describe('Page size of the fingerprint JQL search.'),
    maxRetries: z.number().int().min(0).max(5).default(3).describe('Retries of a Jira call answered 429/503.'),
  })
  .prefault({});
export type JiraSection = z.infer<typeof JiraSection>;
