import { z } from 'zod';
import { RESOURCE_KINDS } from '../snapshot/schema.ts';

/**
 * The shape of one `rules/<id>.yaml` file. Documented for rule writers in docs/writing-rules.md.
 * CEL expressions see `resource` (kind, id, name, tags, owners, config, facts), `facts` (= resource.facts),
 * `params` (defaults merged with configuration overrides), `window` ({start, end, days}) and `prices`
 * (a map SKU name → USD per DBU for the resource's cloud). Numbers are CEL doubles: write `30.0` in arithmetic.
 */
export const ParamSpec = z.object({
  default: z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]),
  description: z.string().min(1),
  unit: z.string().optional(),
});

export const EvidenceSpec = z.object({
  fact: z
    .string()
    .min(1)
    .describe(
      'Fact name under resource.facts, or a dotted path from `resource`, e.g. config.auto_stop_mins; with `expr`, the name templates use.',
    ),
  expr: z
    .string()
    .min(1)
    .optional()
    .describe('CEL computing the value shown instead of reading `fact`, e.g. the list of missing tag keys.'),
  when: z
    .string()
    .min(1)
    .optional()
    .describe('CEL bool: show this item only when it holds, e.g. the OR-branch of `match` that it belongs to.'),
  label: z.string().min(1),
  unit: z.string().min(1),
  threshold: z.string().optional().describe('Text showing what the fact was compared with; may use {{params.x}}.'),
});

/**
 * Optional inline chart of one of the resource's series (snapshot `series`), shown on the issue as a
 * sparkline of weekly medians with the baseline and recent medians labelled (src/tickets/sparkline.ts).
 */
export const ChartSpec = z
  .object({
    series: z
      .string()
      .min(1)
      .describe('Series name, e.g. costUsd; `{fact}` is replaced by that fact: failedQueries.{failureTopClass}.'),
    dayIndex: z.string().min(1).optional().describe("For a per-run series: the series holding each run's day index."),
    label: z.string().min(1),
    unit: z.string().min(1),
    baselineFact: z.string().min(1).optional().describe('Fact labelled as the baseline median.'),
    recentFact: z.string().min(1).optional().describe('Fact labelled as the recent median.'),
  })
  .strict();

/**
 * What a rule's number means (docs/savings.md). `savings`: USD/month the fix removes, with the `basis` naming
 * which cost of the resource it removes (findings on one resource and basis share it). `excess`: an anomaly's
 * excess cost over the resource's baseline (USD/month), kept apart from savings and never added to them.
 */
export const EstimateSpec = z
  .object({
    type: z.enum(['savings', 'excess']).default('savings'),
    basis: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case basis')
      .optional()
      .describe('Savings basis, e.g. idle-hours, size-step, retries; `none` when the rule claims no saving.'),
    expr: z.string().min(1).describe('CEL, must evaluate to a number: USD per month.'),
    formula: z.string().min(1).describe('The formula in words, shown on the issue.'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.type === 'savings' && value.basis === undefined) {
      ctx.addIssue({ code: 'custom', path: ['basis'], message: 'a savings estimate declares its basis (or none)' });
    }
    if (value.type === 'excess' && value.basis !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['basis'], message: 'an excess-cost estimate has no savings basis' });
    }
  });

export const Rule = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case id'),
    title: z.string().min(1),
    description: z.string().min(1),
    kind: z.enum(RESOURCE_KINDS),
    category: z.enum(['cost', 'reliability', 'governance']),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    params: z.record(z.string(), ParamSpec).default({}),
    match: z.string().min(1).describe('CEL, must evaluate to a bool.'),
    estimate: EstimateSpec,
    evidence: z.array(EvidenceSpec).min(1),
    remediation: z.object({
      strategy: z.string().min(1),
      args: z.record(z.string(), z.string()).default({}).describe('Argument name → CEL expression.'),
      autonomy: z.enum(['manual', 'approval', 'auto']),
    }),
    template: z.string().min(1),
    chart: ChartSpec.optional(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;
