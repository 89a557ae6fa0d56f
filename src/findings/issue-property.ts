import { z } from 'zod';
import { RESOURCE_KINDS } from '../snapshot/schema.ts';
import { FieldChange } from './field-change.ts';

/** The key of lakewarden's issue entity property (https://developer.atlassian.com/cloud/jira/platform/jira-entity-properties/). */
export const PROPERTY_KEY = 'lakewarden';

const Scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/**
 * The fields of the `lakewarden` issue entity property as src/tickets/build-draft.ts `propertyFor` writes them (schema 1): the
 * finding (fingerprint, rule, resource, plan, estimate, evidence), its owner, and the bookkeeping the scan
 * compares on the next run (contentHash, estimatedSavingsUsd). The one schema of the property; each reader
 * parses the part it uses from it. Untrusted input: anyone with edit rights can change a property, so the
 * approval flow checks it against the store's filed plan before acting.
 */
export const PropertyFields = {
  fingerprint: z.string().min(1),
  ruleId: z.string().min(1),
  resource: z.object({ workspaceId: z.string(), kind: z.enum(RESOURCE_KINDS), id: z.string() }),
  plan: z.object({
    strategy: z.string().min(1),
    autonomy: z.enum(['manual', 'approval', 'auto']),
    args: z.record(z.string(), z.unknown()).default({}),
    changes: z.array(FieldChange),
    risk: z.string().default(''),
    restarts: z.boolean().default(false),
  }),
  owner: z.string().nullish(),
  category: z.enum(['cost', 'reliability', 'governance']),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  window: z.object({ start: z.string(), end: z.string(), days: z.number() }),
  estimate: z.object({ usdPerMonth: z.number(), formula: z.string(), usdPerDbu: z.number().nullable() }),
  evidence: z.array(
    z.object({
      fact: z.string(),
      label: z.string(),
      value: Scalar,
      unit: z.string(),
      threshold: z.string().optional(),
    }),
  ),
  contentHash: z.string().optional().catch(undefined),
  estimatedSavingsUsd: z.number().optional().catch(undefined),
  /** Older writers (and the fixtures) used this name. */
  estimatedMonthlySavingsUsd: z.number().optional().catch(undefined),
};

/** The finding as the property stores it (what `/lakewarden ask` rebuilds a Finding from). */
export const StoredFinding = z.object({
  fingerprint: PropertyFields.fingerprint,
  ruleId: PropertyFields.ruleId,
  category: PropertyFields.category,
  severity: PropertyFields.severity,
  resource: PropertyFields.resource,
  window: PropertyFields.window,
  estimate: PropertyFields.estimate,
  plan: PropertyFields.plan,
  evidence: PropertyFields.evidence,
});

/**
 * The part the approval flow uses: identity, resource, plan, owner; the estimate only if present. Only the
 * kinds a strategy can change are accepted (a property naming another kind is not lakewarden's to act on).
 */
export const IssueProperty = z.object({
  fingerprint: PropertyFields.fingerprint,
  ruleId: PropertyFields.ruleId,
  resource: PropertyFields.resource.extend({ kind: z.enum(['warehouse', 'cluster', 'job']) }),
  plan: PropertyFields.plan,
  estimate: PropertyFields.estimate.pick({ usdPerMonth: true }).partial().optional(),
  owner: PropertyFields.owner,
});
export type IssueProperty = z.infer<typeof IssueProperty>;

/** The scan's bookkeeping in the property (each field dropped, not failed, when malformed). */
export const PropertyBookkeeping = z.object({
  contentHash: PropertyFields.contentHash,
  estimatedSavingsUsd: PropertyFields.estimatedSavingsUsd,
  estimatedMonthlySavingsUsd: PropertyFields.estimatedMonthlySavingsUsd,
});

/** Parses the raw property for the approval flow; undefined when absent or not lakewarden's shape (→ refuse not_ours). */
export function parseIssueProperty(raw: unknown): IssueProperty | undefined {
  const parsed = IssueProperty.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
