import { z } from 'zod';
import { RESOURCE_KINDS } from '../../snapshot/schema.ts';

const Scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** An inline finding in an eval case (the `Finding` shape of src/findings/finding.ts). */
export const InlineFinding = z.object({
  fingerprint: z.string(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  category: z.enum(['cost', 'reliability', 'governance']),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
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
  window: z.object({ start: z.string(), end: z.string(), days: z.number() }),
  evidence: z.array(
    z.object({
      fact: z.string(),
      label: z.string(),
      value: Scalar,
      unit: z.string(),
      threshold: z.string().optional(),
    }),
  ),
  estimate: z.object({ usdPerMonth: z.number(), formula: z.string(), usdPerDbu: z.number().nullable() }),
  plan: z.object({
    strategy: z.string(),
    autonomy: z.enum(['manual', 'approval', 'auto']),
    args: z.record(z.string(), z.unknown()).default({}),
    changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    risk: z.string(),
    restarts: z.boolean(),
  }),
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
      })
      .prefault({}),
  })
  .refine(
    (c) =>
      c.finding !== undefined || (c.snapshot !== undefined && c.ruleId !== undefined && c.resourceId !== undefined),
    {
      message: 'give either `finding` or `snapshot` + `ruleId` + `resourceId`',
    },
  );
export type EvalCase = z.infer<typeof EvalCase>;
