import { z } from 'zod';
import { PropertyFields } from '../../findings/issue-property.ts';
import { RESOURCE_KINDS } from '../../snapshot/schema.ts';

/** An inline finding in an eval case (the `Finding` shape of src/findings/finding.ts). */
export const InlineFinding = z.object({
  fingerprint: z.string(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  category: PropertyFields.category,
  severity: PropertyFields.severity,
  resource: z.object({
    workspaceId: z.string(),
    kind: z.enum(RESOURCE_KINDS),
    id: z.string(),
    name: z.string(),
    tags: z.record(z.string(), z.string()).default({}),
    owners: z
      .object({ owner: z.string().optional(), creator: z.string().optional(), runAs: z.string().optional() })
      .default({}),
  }),
  window: PropertyFields.window,
  evidence: PropertyFields.evidence,
  estimate: PropertyFields.estimate,
  plan: PropertyFields.plan,
  template: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
});

/**
 * One `eval/cases/*.yaml` file. The finding comes inline (`finding`) or from a snapshot (`snapshot` path
 * relative to the repository root + `ruleId` + `resourceId`, evaluated with the rules in `rules/`).
 * Without `question` the case evaluates the finding analysis; with it, a `/lakewarden ask` answer.
 */
export const EvalCase = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string().default(''),
    snapshot: z.string().optional(),
    ruleId: z.string().optional(),
    resourceId: z.string().optional(),
    finding: InlineFinding.optional(),
    question: z.string().optional(),
    expect: z
      .object({
        mustMention: z.array(z.string()).default([]).describe('Phrases the output must contain (case-insensitive).'),
        mustCiteFigure: z
          .array(z.string())
          .default([])
          .describe('Figures the output must state, e.g. "$1,290.24" (formatting normalised).'),
        mustNotContain: z
          .array(z.string())
          .default([])
          .describe('Strings that must appear neither in the output nor in any request sent to the model.'),
        produced: z
          .boolean()
          .default(true)
          .describe(
            'false for a case whose recorded model text must be dropped by verification (an invented figure, a leak).',
          ),
        minGrounded: z
          .number()
          .min(0)
          .max(1)
          .default(1)
          .describe("Lowest acceptable share of the deterministic judge's grounding checks the model text passes."),
        verdict: z
          .enum(['pass', 'fail'])
          .default('pass')
          .describe(
            "The deterministic judge's expected verdict: `pass` (every grounding check at or above minGrounded) or `fail` for a negative case whose recording is wrong on purpose.",
          ),
        judgeFails: z
          .array(z.string())
          .default([])
          .describe(
            'For `verdict: fail`: the grounding checks that must fail (substrings of their names, e.g. "figure $4,870.00"), so a negative case fails for its stated reason.',
          ),
      })
      .prefault({}),
  })
  .refine((c) => c.expect.verdict === 'pass' || c.expect.judgeFails.length > 0, {
    message: 'a case with `expect.verdict: fail` names the grounding checks that must fail in `expect.judgeFails`',
    path: ['expect', 'judgeFails'],
  })
  .refine(
    (c) =>
      c.finding !== undefined || (c.snapshot !== undefined && c.ruleId !== undefined && c.resourceId !== undefined),
    {
      message: 'give either `finding` or `snapshot` + `ruleId` + `resourceId`',
    },
  );
export type EvalCase = z.infer<typeof EvalCase>;
