import { z } from 'zod';
import { RESOURCE_KINDS } from '../snapshot/schema.ts';
import { FieldChange } from './field-change.ts';

/** The key of lakewarden's issue entity property (https://developer.atlassian.com/cloud/jira/platform/jira-entity-properties/). */
export const PROPERTY_KEY = 'lakewarden';

const Scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/**
 * The `lakewarden` issue entity property as src/tickets/build-draft.ts `propertyFor` writes it (schema 1): the
 * finding (fingerprint, rule, resource, plan, estimate, evidence), its owner, and the bookkeeping the scan
 * compares on the next run (contentHash, estimatedSavingsUsd). The one schema of the property; each reader
 * parses the part it uses from it. Untrusted input: anyone with edit rights can change a property, so the
 * approval flow checks it against the store's filed plan before acting.
 */
const Property = {
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
  fingerprint: Property.fingerprint,
  ruleId: Property.ruleId,
  category: Property.category,
  severity: Property.severity,
  resource: Property.resource,
  window: Property.window,
  estimate: Property.estimate,
  plan: Property.plan,
  evidence: Property.evidence,
});

/**
 * The part the approval flow uses: identity, resource, plan, owner; the estimate only if present. Only the
 * kinds a strategy can change are accepted (a property naming another kind is not lakewarden's to act on).
 */
export const IssueProperty = z.object({
  fingerprint: Property.fingerprint,
  ruleId: Property.ruleId,
  resource: Property.resource.extend({ kind: z.enum(['warehouse', 'cluster', 'job']) }),
  plan: Property.plan,
  estimate: Property.estimate.pick({ usdPerMonth: true }).partial().optional(),
  owner: Property.owner,
});
export type IssueProperty = z.infer<typeof IssueProperty>;

/** The scan's bookkeeping in the property (each field dropped, not failed, when malformed). */
export const PropertyBookkeeping = z.object({
  contentHash: Property.contentHash,
  estimatedSavingsUsd: Property.estimatedSavingsUsd,
  estimatedMonthlySavingsUsd: Property.estimatedMonthlySavingsUsd,
});

/** Parses the raw property for the approval flow; undefined when absent or not lakewarden's shape (→ refuse not_ours). */
export function parseIssueProperty(raw: unknown): IssueProperty | undefined {
  const parsed = IssueProperty.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
