import { z } from 'zod';

const RuleOverride = z.object({
  enabled: z.boolean().default(true).describe('false disables the rule (its open issues are then left as they are).'),
  params: z
    .record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]))
    .default({})
    .describe("Param name → value; overrides the rule's declared default (unknown names are an error)."),
  autonomy: z.enum(['manual', 'approval', 'auto']).optional().describe("Overrides the rule's default autonomy."),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional().describe("Overrides the rule's severity."),
  minMonthlySavingsUsd: z
    .number()
    .nonnegative()
    .optional()
    .describe('Savings floor of this rule (USD/month); overrides rules.minMonthlySavingsUsd.'),
});

/** `rules:` — where rules and templates live and per-rule overrides. */
export const RulesSection = z
  .object({
    directory: z.string().default('rules').describe('Folder of rules/*.yaml (relative to the config file).'),
    templatesDirectory: z.string().default('templates').describe('Folder of issue templates.'),
    overrides: z.record(z.string(), RuleOverride).default({}).describe('Rule id → overrides.'),
    minMonthlySavingsUsd: z
      .number()
      .nonnegative()
      .default(25)
      .describe(
        'Savings floor: cost findings whose estimated savings are below this many USD/month are not filed (excess-cost findings of anomaly rules have their own floors).',
      ),
    runtimeEndOfSupport: z
      .record(z.string(), z.iso.date())
      .default({
        '11.3': '2025-10-19',
        '12.2': '2026-03-01',
        '13.3': '2026-08-22',
        '14.3': '2027-02-01',
        '15.4': '2027-08-19',
        '16.4': '2028-05-09',
        '17.3': '2028-10-22',
        '18': '2029-06-10',
      })
      .describe('Databricks Runtime → end-of-support date (https://docs.databricks.com/release-notes/runtime).'),
  })
  .prefault({});
export type RulesSection = z.infer<typeof RulesSection>;
