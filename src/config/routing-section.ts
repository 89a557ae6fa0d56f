import { z } from 'zod';

const Team = z.object({
  assignee: z.string().optional().describe('Email or Jira accountId of the team assignee.'),
  components: z.array(z.string()).default([]).describe('Jira component names set on the issue.'),
  labels: z
    .array(z.string().regex(/^\S+$/, 'labels cannot contain spaces'))
    .default([])
    .describe("Extra Jira labels for this team's issues (no spaces)."),
  displayName: z.string().optional().describe('Name shown in "routed to" text, e.g. "Payments team".'),
  projectKey: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'a Jira project key: upper-case letters, digits, _')
    .optional()
    .describe("Jira project for this team's issues; unset files into jira.projectKey."),
});

/** `routing:` — how a finding finds its owner (tags → owner identity → team map → default queue). */
export const RoutingSection = z
  .object({
    tagKeys: z
      .array(z.string())
      .default(['owner', 'team', 'cost_center'])
      .describe('Tag keys looked up in order; a value that names a team routes to it, an email to that user.'),
    teams: z.record(z.string(), Team).default({}).describe('Team name → assignee, components, labels.'),
    users: z
      .record(z.string(), z.string())
      .default({})
      .describe('Email → Jira accountId, for users whose email Jira hides from search.'),
    servicePrincipals: z
      .record(z.string(), z.string())
      .default({})
      .describe('Service principal application id → team name or email.'),
    defaultQueue: z
      .object({
        assignee: z.string().optional().describe('Email or accountId; unset leaves unowned issues unassigned.'),
        labels: z
          .array(z.string().regex(/^\S+$/, 'labels cannot contain spaces'))
          .default([])
          .describe('Extra labels on unowned issues (lw-unowned is always added).'),
        components: z.array(z.string()).default([]).describe('Jira component names set on unowned issues.'),
      })
      .prefault({}),
  })
  .prefault({});
export type RoutingSection = z.infer<typeof RoutingSection>;
