import { z } from 'zod';

const Change = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

/**
 * The fields of the `lakewarden` issue entity property (written by src/tickets/build-draft.ts) that the
 * approval flow uses. Parsed permissively: unknown keys are ignored.
 */
export const IssueProperty = z.object({
  fingerprint: z.string().min(1),
  ruleId: z.string().min(1),
  resource: z.object({ workspaceId: z.string(), kind: z.enum(['warehouse', 'cluster', 'job']), id: z.string() }),
  plan: z.object({
    strategy: z.string().min(1),
    autonomy: z.enum(['manual', 'approval', 'auto']),
    args: z.record(z.string(), z.unknown()).default({}),
    changes: z.array(Change),
    risk: z.string().default(''),
    restarts: z.boolean().default(false),
  }),
  estimate: z.object({ usdPerMonth: z.number() }).partial().optional(),
  owner: z.string().nullish(),
});
export type IssueProperty = z.infer<typeof IssueProperty>;

/** Parses the raw property; undefined when absent or not lakewarden's shape (→ refuse not_ours). */
export function parseIssueProperty(raw: unknown): IssueProperty | undefined {
  const parsed = IssueProperty.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
